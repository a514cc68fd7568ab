const WHITESPACE_RUN = /\s+/g;
// Leading or trailing whitespace, two in a row, or any whitespace other than a plain space.
const NEEDS_TRIM_OR_COLLAPSE = /^\s|\s$|\s\s|[^\S ]/;

/** A header value as signed: runs of whitespace become one space, then trimmed (the official Node SDK's rule). */
export function collapseHeaderValue(value: string): string {
  if (!NEEDS_TRIM_OR_COLLAPSE.test(value)) return value;
  return value.replace(WHITESPACE_RUN, ' ').trim();
}

/** A header value as the Go and Java SDKs sign it: only trimmed. */
export function trimHeaderValue(value: string): string {
  return value.trim();
}

/**
 * The canonical-headers block of the canonical request, including the blank line that ends it: `name:value` lines
 * in the order of `names` (already sorted, lower-case), then `\n`. With no headers the block is just `\n`, which
 * gives the presigned form's four consecutive newlines.
 */
export function canonicalHeadersBlock(names: readonly string[], values: readonly string[]): string {
  let out = '';
  for (let i = 0; i < names.length; i++) out += `${names[i]}:${values[i]}\n`;
  return names.length === 0 ? '\n' : out;
}
