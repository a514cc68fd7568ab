/**
 * Compares two signatures (hex strings of equal, public length) in time that does not depend on where they differ:
 * every character is XOR-ed into one accumulator and there is no early exit. Cheaper than crypto.timingSafeEqual
 * here because it needs no Buffers, and the strings compared are not secret-derived lengths.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
