/** The most characters of a client value an error message quotes. */
export const PREVIEW_MAX_CHARS = 40;
/** Arrays and objects are shown this many levels deep; deeper ones are `[…]` or `{…}`. */
const MAX_DEPTH = 2;
/** Items (or keys) shown of one array (or object) before `…`. */
const MAX_ITEMS = 3;

/**
 * A short, flat rendering of a value a client sent, for an error message: at most `max` characters, at most two
 * levels of arrays and objects and three items of each, strings quoted and cut. It never calls the value's own
 * `toString` or `toJSON` and never walks more than a few dozen nodes, so a 100,000-level array costs what `[1]`
 * does (`String(value)` and `JSON.stringify(value)` recurse through all of it and overflow the stack).
 */
export function previewOf(value: unknown, max = PREVIEW_MAX_CHARS): string {
  const text = render(value, 0, max + 1);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `budget` is how many characters are still worth producing; past it the caller cuts anyway. */
function render(value: unknown, depth: number, budget: number): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > budget ? value.slice(0, budget) : value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (depth >= MAX_DEPTH) return '[…]';
    const parts: string[] = [];
    let used = 2;
    for (let i = 0; i < value.length && parts.length < MAX_ITEMS && used < budget; i++) {
      const part = render(value[i], depth + 1, budget - used);
      parts.push(part);
      used += part.length + 1;
    }
    if (parts.length < value.length) parts.push('…');
    return `[${parts.join(',')}]`;
  }
  const obj = value as Record<string, unknown>;
  if (depth >= MAX_DEPTH) return '{…}';
  const parts: string[] = [];
  let used = 2;
  let more = false;
  for (const key in obj) {
    if (!Object.hasOwn(obj, key)) continue;
    if (parts.length >= MAX_ITEMS || used >= budget) {
      more = true;
      break;
    }
    const name = JSON.stringify(key.length > budget ? key.slice(0, budget) : key);
    const part = `${name}:${render(obj[key], depth + 1, budget - used - name.length - 1)}`;
    parts.push(part);
    used += part.length + 1;
  }
  if (more) parts.push('…');
  return `{${parts.join(',')}}`;
}
