import { SignerArgumentError } from './signer-argument-error.js';

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

let lastSecond = Number.NaN;
let lastFormatted = '';

/** `YYYYMMDD'T'HHMMSS'Z'` in UTC; milliseconds are dropped (catalog 1.2 step 1). */
export function formatXDate(date: Date): string {
  if (!(date instanceof Date)) throw new SignerArgumentError('date', 'must be a Date');
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new SignerArgumentError('date', 'is an invalid Date');
  const second = Math.floor(ms / 1000);
  // Signing many requests in the same second is the common case; reuse the last string.
  if (second === lastSecond) return lastFormatted;
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new SignerArgumentError('date', 'must have a four-digit year');
  const formatted =
    `${year}`.padStart(4, '0') +
    pad2(date.getUTCMonth() + 1) +
    pad2(date.getUTCDate()) +
    'T' +
    pad2(date.getUTCHours()) +
    pad2(date.getUTCMinutes()) +
    pad2(date.getUTCSeconds()) +
    'Z';
  lastSecond = second;
  lastFormatted = formatted;
  return formatted;
}

const X_DATE_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Milliseconds since the epoch for a well-formed X-Date, or undefined. */
export function parseXDate(value: string): number | undefined {
  const m = X_DATE_PATTERN.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 31 April over into May; a real X-Date never does.
  if (new Date(ms).getUTCDate() !== day) return undefined;
  return ms;
}
