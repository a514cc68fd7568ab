import { Option } from 'commander';
import { writeStdout } from './write-stdout.js';

export type OutputFormat = 'table' | 'json';

export interface FormatFlags {
  json?: boolean;
  format?: OutputFormat;
}

/** `--json` and `--format`: tables for people at a terminal, JSON when piped, unless told otherwise. */
export const formatOptions = [
  new Option('--json', 'print JSON (the default when stdout is not a terminal)'),
  new Option('--format <format>', 'table or json (default: table at a terminal, json when piped)').choices([
    'table',
    'json',
  ]),
];

export function outputFormat(flags: FormatFlags, stdout: { isTTY?: boolean } = process.stdout): OutputFormat {
  if (flags.json) return 'json';
  if (flags.format) return flags.format;
  return stdout.isTTY ? 'table' : 'json';
}

export function printJson(value: unknown): void {
  writeStdout(`${JSON.stringify(value, null, 2)}\n`);
}
