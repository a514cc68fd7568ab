import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built into the server package (packages/server/console-dist), which serves it at /console: no CDN, offline.
export default defineConfig({
  base: '/console/',
  build: {
    outDir: fileURLToPath(new URL('../server/console-dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // A console on localhost has no use for a modulepreload polyfill, and it would be an inline script.
    modulePreload: { polyfill: false },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
