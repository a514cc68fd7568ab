// Regenerates src/generated from catalog/rtc-api-catalog.json: `npm run generate -w @rtc-openapi/api`.
// `--out <dir>` writes elsewhere (the test that proves the committed files are up to date uses it).
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCatalog } from './generator/catalog-entry.js';
import { renderGeneratedFiles } from './generator/render-files.js';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outFlag = process.argv.indexOf('--out');
const outDir = outFlag >= 0 ? resolve(process.argv[outFlag + 1] ?? '') : join(packageDir, 'src', 'generated');

const catalog = checkCatalog(JSON.parse(readFileSync(join(packageDir, 'catalog', 'rtc-api-catalog.json'), 'utf8')));
const files = renderGeneratedFiles(catalog);

mkdirSync(outDir, { recursive: true });
for (const name of readdirSync(outDir)) {
  if (name.endsWith('.ts') && !files.has(name)) rmSync(join(outDir, name));
}
for (const [name, text] of files) writeFileSync(join(outDir, name), text);
console.log(`generated ${files.size} files for ${catalog.length} action-versions in ${outDir}`);
