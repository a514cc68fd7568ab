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

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(value: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

let lastParsed = '';
let lastParsedMs = 0;

/** Milliseconds since the epoch for a well-formed X-Date (`YYYYMMDD'T'HHMMSS'Z'`), or undefined. */
export function parseXDate(value: string): number | undefined {
  // Requests arriving in the same second carry the same X-Date.
  if (value === lastParsed) return lastParsedMs;
  if (value.length !== 16 || value.charCodeAt(8) !== 84 /* T */ || value.charCodeAt(15) !== 90 /* Z */)
    return undefined;
  const year = digits(value, 0, 4);
  const month = digits(value, 4, 2);
  const day = digits(value, 6, 2);
  const hour = digits(value, 9, 2);
  const minute = digits(value, 11, 2);
  const second = digits(value, 13, 2);
  // Date.UTC maps years 0-99 to 19xx; no genuine request is dated before 1970 anyway.
  if (year < 1970 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return undefined;
  if (second < 0 || second > 59 || day > DAYS_IN_MONTH[month - 1]!) return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (month === 2 && day === 29 && !leap) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  lastParsed = value;
  lastParsedMs = ms;
  return ms;
}
