// pdf.js for Node is its legacy build, which carries core-js polyfills. Evaluating it (and its worker module, which
// pdf.js would otherwise import at the first document) replaces some of the runtime's own functions with JavaScript
// ones even where Node's are complete: on Node 20, JSON.stringify (about 8 times slower: a replacer on every value,
// then the whole output scanned again character by character), JSON.parse and Array.prototype.push (about 6 times
// slower). Imported at start-up, that taxed every request, callback and SQLite row of the whole server, and the
// garbage it makes lengthened its GC pauses. So pdf.js is loaded here, once, when the first document is rendered, and
// every built-in it replaced is put back; what it adds (Promise.withResolvers, Map.prototype.getOrInsertComputed,
// Uint8Array.prototype.toHex, ...) stays, since pdf.js uses it.

import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';

type Pdfjs = typeof PdfjsModule;

/** The built-in objects whose own properties are kept as the runtime made them. */
function intrinsics(): object[] {
  const typedArray = Object.getPrototypeOf(Uint8Array) as object;
  return [
    JSON,
    Math,
    Reflect,
    Object,
    Object.prototype,
    Function.prototype,
    Array,
    Array.prototype,
    String,
    String.prototype,
    Number,
    Number.prototype,
    Promise,
    Promise.prototype,
    Map,
    Map.prototype,
    Set,
    Set.prototype,
    WeakMap.prototype,
    WeakSet.prototype,
    RegExp.prototype,
    Date.prototype,
    ArrayBuffer,
    ArrayBuffer.prototype,
    Uint8Array,
    Uint8Array.prototype,
    typedArray,
    Object.getPrototypeOf(Uint8Array.prototype) as object,
  ];
}

type Snapshot = [object, Map<PropertyKey, PropertyDescriptor>][];

function snapshot(): Snapshot {
  return intrinsics().map((target) => [
    target,
    new Map(Reflect.ownKeys(target).map((key) => [key, Object.getOwnPropertyDescriptor(target, key)!])),
  ]);
}

/** Puts back every property of the snapshot that was replaced or removed. */
function restore(saved: Snapshot): void {
  for (const [target, properties] of saved) {
    for (const [key, before] of properties) {
      const now = Object.getOwnPropertyDescriptor(target, key);
      if (now && now.value === before.value && now.get === before.get && now.set === before.set) continue;
      Object.defineProperty(target, key, before);
    }
  }
}

/** A variable: the worker module ships no type declarations, and only its side effect is wanted. */
const WORKER_MODULE: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';

let loading: Promise<Pdfjs> | undefined;

/** pdf.js (and its in-process worker), loaded on first use with the runtime's built-ins left as they were. */
export function loadPdfjs(): Promise<Pdfjs> {
  loading ??= (async () => {
    const saved = snapshot();
    try {
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
      // Sets globalThis.pdfjsWorker, which pdf.js's in-process ("fake") worker uses instead of importing it later.
      await import(WORKER_MODULE);
      return pdfjs;
    } finally {
      restore(saved);
    }
  })();
  return loading;
}
