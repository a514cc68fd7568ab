/**
 * RFC 3339 date-times, the catalog's time format (StartTime, EndTime and the like): `YYYY-MM-DDTHH:MM:SS`, an optional
 * fraction of a second (up to nanoseconds; milliseconds are kept) and a zone, `Z` or `±HH:MM`. `T` and `Z` may be
 * lower case, as RFC 3339 allows.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * Milliseconds since the epoch, or undefined when the text is not RFC 3339 or names no real moment. Unlike
 * `Date.parse`, an impossible date is refused instead of rolled over (2024-02-30 is not 1 March; hour 24 is not the
 * next day), and nothing looser (`2024-01-01`, `Jan 1 2024`, a time without a zone) is taken.
 */
export function parseRfc3339(text: string): number | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  wall.setUTCFullYear(year); // Date.UTC reads the years 0-99 as 1900-1999
  const real =
    wall.getUTCFullYear() === year &&
    wall.getUTCMonth() === month - 1 &&
    wall.getUTCDate() === day &&
    wall.getUTCHours() === hour &&
    wall.getUTCMinutes() === minute &&
    wall.getUTCSeconds() === second;
  const zoneHours = Number(match[9] ?? 0);
  const zoneMinutes = Number(match[10] ?? 0);
  if (!real || zoneHours > 23 || zoneMinutes > 59) return undefined;
  const offsetMs = (match[8] === '-' ? -1 : 1) * (zoneHours * 60 + zoneMinutes) * 60_000;
  const millis = Number((match[7] ?? '').slice(0, 3).padEnd(3, '0'));
  return wall.getTime() + millis - offsetMs;
}
