/** RFC 3339 UTC with nine fraction digits (section 4.3), from unix milliseconds: `2024-01-01T00:00:00.123000000Z`. */
export function formatEventTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
