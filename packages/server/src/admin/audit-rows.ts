/** One audit row's values in the order of the audit_log table's columns (after seq). */
export type AuditRowValues = [
  requestId: string,
  accountId: string | null,
  userId: string | null,
  accessKeyId: string | null,
  action: string | null,
  version: string | null,
  code: string,
  httpStatus: number,
  latencyMs: number,
  atMs: number,
];

/** Pending rows are kept as one flat array, row after row: no object or array per call, one array to hand over. */
export type AuditValues = AuditRowValues[number][];

export const VALUES_PER_ROW = 10;
