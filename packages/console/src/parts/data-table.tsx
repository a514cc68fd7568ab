import type { ComponentChildren } from 'preact';

/** One column of a DataTable: its heading and how a row fills its cell. */
export interface Column<T> {
  title: ComponentChildren;
  cell: (row: T) => ComponentChildren;
  /** The cell's class (a status colours its cell). */
  class?: (row: T) => string;
}

/**
 * The console's list: a table of rows with the given columns, or a line saying there is nothing yet. Every list
 * page (accounts, keys, apps, members, tasks, deliveries...) is this and a form that adds to it (InlineForm).
 */
export function DataTable<T>(props: {
  rows: readonly T[] | undefined;
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  /** Shown instead of the table when there are no rows. */
  empty?: string;
  /** Attributes of a row: data-* for tests, `class`, `onClick` to select it. */
  rowProps?: (row: T) => { class?: string; onClick?: () => void } & Record<`data-${string}`, string>;
  /** Without column headings (a short list inside another view). */
  bare?: boolean;
}) {
  const { rows, columns, rowKey, empty, rowProps, bare } = props;
  if (rows?.length === 0 && empty) return <p class="muted">{empty}</p>;
  return (
    <table>
      {!bare && (
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i}>{c.title}</th>
            ))}
          </tr>
        </thead>
      )}
      <tbody>
        {rows?.map((row) => (
          <tr key={rowKey(row)} {...rowProps?.(row)}>
            {columns.map((c, i) => (
              <td key={i} class={c.class?.(row)}>
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
