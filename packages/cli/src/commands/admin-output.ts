// How an admin command prints its result for people (its --json output is the result as JSON).

/** One `key: value` line per field; lists as one line per item. The secret line says it is shown once. */
export function formatHuman(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => `${formatLine(item)}\n`).join('') || '(none)\n';
  if (value === null || typeof value !== 'object') return `${String(value)}\n`;
  const lines: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    if (Array.isArray(field)) {
      lines.push(`${key}:${field.length === 0 ? ' (none)' : ''}`);
      for (const item of field) lines.push(`  ${formatLine(item)}`);
    } else if (field !== null && typeof field === 'object') {
      lines.push(`${key}: ${formatLine(field)}`);
    } else {
      lines.push(`${key}: ${String(field)}`);
    }
  }
  if ('sessionToken' in value) {
    lines.push('(the secret access key and the session token are shown only now: store them safely)');
  } else if ('secretAccessKey' in value) {
    lines.push('(the secret access key is shown only now: store it safely)');
  }
  return lines.map((line) => `${line}\n`).join('');
}

function formatLine(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  const parts = Object.entries(value).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`);
  return parts.length === 0 ? '(none)' : parts.join('  ');
}
