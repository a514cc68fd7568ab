import { InvalidArgumentError } from 'commander';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;

/** `3600`, `90s`, `15m` or `12h` as whole seconds (the server checks the allowed range and names the field). */
export function parseDurationSeconds(value: string): number {
  const match = /^([0-9]{1,9})([smh]?)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('expected seconds, or a number followed by s, m or h (for example 15m)');
  return Number(match[1]) * UNIT_SECONDS[(match[2] || 's') as keyof typeof UNIT_SECONDS];
}
