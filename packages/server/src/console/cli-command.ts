import type { ActionSpec } from '@rtc-openapi/api';

/**
 * The `rtc-openapi call` command that sends the same params: objects as dotted `--param` keys, arrays as JSON
 * (as the CLI reads them). The secret is left to VOLC_SECRETKEY, so the text can be shown and copied safely.
 */
export function cliCommand(
  spec: Pick<ActionSpec, 'action' | 'version'>,
  params: Record<string, unknown>,
  endpoint: string,
  accessKeyId: string,
): string {
  const parts = [
    'rtc-openapi call',
    spec.action,
    `--version ${spec.version}`,
    `--endpoint ${shellQuote(endpoint)}`,
    `--access-key-id ${shellQuote(accessKeyId)}`,
  ];
  for (const [key, value] of flatten(params, '')) parts.push(`--param ${shellQuote(`${key}=${value}`)}`);
  return parts.join(' ');
}

function* flatten(value: Record<string, unknown>, prefix: string): Generator<[string, string]> {
  for (const [name, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    const key = `${prefix}${name}`;
    if (typeof v === 'object' && !Array.isArray(v)) yield* flatten(v as Record<string, unknown>, `${key}.`);
    else yield [key, typeof v === 'string' ? v : JSON.stringify(v)];
  }
}

function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:=@+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
