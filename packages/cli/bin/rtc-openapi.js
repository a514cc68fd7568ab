#!/usr/bin/env node
// The command as npm links it. This file exists from `npm install` on, so npm links `rtc-openapi` into
// node_modules/.bin at install time; the program it runs (dist/) exists once the packages are built.
import { existsSync } from 'node:fs';

const program = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(program)) {
  process.stderr.write('rtc-openapi: the packages are not built yet; run `npm run build` at the repository root\n');
  process.exit(1);
}
await import(program.href);
