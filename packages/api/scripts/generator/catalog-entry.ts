// The shape of catalog/rtc-api-catalog.json, checked on load so that a malformed catalog stops the generator with the
// entry's name instead of producing broken TypeScript.

export interface CatalogField {
  name: string;
  /** String, Integer, Float, Boolean, Object, `Array of X`, or (results only) `String|Integer`. */
  type: string;
  required: boolean;
  notes: string;
  in?: 'body' | 'query';
  children?: CatalogField[];
}

export interface CatalogEntry {
  action: string;
  version: string;
  method: 'GET' | 'POST';
  qps: string;
  area: string;
  /** `none` for the four console actions without params. */
  paramLocation: 'body' | 'query' | 'none';
  params: CatalogField[];
  /** Object, String, Integer, `Array of Object`, `Any`, or `?` (not modelled). */
  resultType: string;
  resultFields: CatalogField[];
  resultNote: string;
  source: string;
}

function fail(where: string, message: string): never {
  throw new Error(`catalog ${where}: ${message}`);
}

function checkFields(fields: unknown, where: string): CatalogField[] {
  if (!Array.isArray(fields)) fail(where, 'expected an array of fields');
  for (const f of fields as CatalogField[]) {
    const at = `${where}.${String(f?.name)}`;
    if (typeof f?.name !== 'string' || f.name === '') fail(where, 'field without a name');
    if (typeof f.type !== 'string') fail(at, 'type must be a string');
    if (typeof f.required !== 'boolean') fail(at, 'required must be a boolean');
    if (typeof f.notes !== 'string') fail(at, 'notes must be a string');
    if (f.children !== undefined) checkFields(f.children, at);
  }
  return fields as CatalogField[];
}

export function checkCatalog(value: unknown): CatalogEntry[] {
  if (!Array.isArray(value)) fail('root', 'expected an array of action-versions');
  for (const e of value as CatalogEntry[]) {
    const where = `${String(e?.action)}@${String(e?.version)}`;
    if (typeof e?.action !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(e.action)) fail(where, 'bad action name');
    if (typeof e.version !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(e.version)) fail(where, 'bad version');
    if (e.method !== 'GET' && e.method !== 'POST') fail(where, `bad method ${String(e.method)}`);
    if (!['body', 'query', 'none'].includes(e.paramLocation)) fail(where, 'bad paramLocation');
    if (typeof e.qps !== 'string' || typeof e.area !== 'string' || typeof e.source !== 'string') {
      fail(where, 'qps, area and source must be strings');
    }
    checkFields(e.params, `${where} params`);
    checkFields(e.resultFields, `${where} result`);
  }
  return value as CatalogEntry[];
}
