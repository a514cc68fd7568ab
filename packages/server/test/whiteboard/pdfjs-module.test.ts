// pdf.js's legacy build replaces JSON.stringify, JSON.parse and Array.prototype.push with slower core-js versions when
// it is evaluated; the server loads it on first use and puts the runtime's own back (src/whiteboard/pdfjs-module.ts).
// Nothing here imports pdf.js before the natives are noted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePdf } from './make-pdf.js';

const natives = {
  stringify: JSON.stringify,
  parse: JSON.parse,
  push: Array.prototype.push,
};

describe('pdf.js loaded by the server', () => {
  it('renders a document and leaves JSON and Array.prototype.push the runtime’s own', async () => {
    const { renderPdfPages } = await import('../../src/whiteboard/pdf-pages.js');
    // Not loaded by importing the module: only when a document is rendered.
    assert.equal(JSON.stringify, natives.stringify);
    const sizes: [number, number][] = [];
    const count = await renderPdfPages(
      makePdf([
        [1, 0, 0],
        [0, 0, 1],
      ]),
      { width: 200, height: 150, force: false, jpeg: false, thumbnail: undefined },
      async (_index, _count, page) => {
        sizes.push([page.width, page.height]);
        await Promise.resolve();
      },
    );
    assert.equal(count, 2);
    assert.deepEqual(sizes, [
      [200, 150],
      [200, 150],
    ]);
    assert.equal(JSON.stringify, natives.stringify, 'JSON.stringify');
    assert.equal(JSON.parse, natives.parse, 'JSON.parse');
    assert.equal(Array.prototype.push, natives.push, 'Array.prototype.push');
    // What pdf.js adds and uses stays.
    assert.equal(typeof (Promise as unknown as Record<string, unknown>).withResolvers, 'function');
  });

  it('would otherwise have replaced them: evaluating the legacy build alone does', async () => {
    // The same modules, evaluated again under another URL (a query makes a new module instance).
    const url = import.meta.resolve('pdfjs-dist/legacy/build/pdf.mjs');
    const stringify = JSON.stringify;
    await import(`${url}?again`);
    try {
      assert.notEqual(JSON.stringify, stringify, 'core-js replaced JSON.stringify');
    } finally {
      JSON.stringify = stringify;
    }
  });
});
