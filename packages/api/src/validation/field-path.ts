// JSON Pointer (what TypeBox reports) to the dotted path our messages use: `/A/B/0/C` -> `A.B[0].C`.

export function pointerToFieldPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

export function joinFieldPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** The last named segment: `TargetStreams.StreamList[0].UserId` -> `UserId`, `To[3]` -> `To`. */
export function leafName(path: string): string {
  const noIndex = path.replace(/\[\d+\]$/g, '');
  const dot = noIndex.lastIndexOf('.');
  return dot < 0 ? noIndex : noIndex.slice(dot + 1);
}
