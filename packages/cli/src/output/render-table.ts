/** Plain aligned columns, the header underlined; cells are single-line. */
export function renderTable(columns: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const cells = [columns, ...rows].map((row) => row.map((cell) => cell.replace(/\s*\n\s*/g, ' ')));
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const [header, ...body] = cells;
  return [line(header!), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n') + '\n';
}

/** `name: value` lines, names aligned. */
export function renderFields(fields: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...fields.map(([name]) => name.length));
  return fields.map(([name, value]) => `${`${name}:`.padEnd(width + 1)} ${value}`).join('\n') + '\n';
}
