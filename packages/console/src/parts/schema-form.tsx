/** The slice of a catalog (TypeBox / JSON Schema) node the explorer's forms read. */
export interface SchemaNode {
  type?: string;
  const?: string | number | boolean;
  anyOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  description?: string;
  minimum?: number;
  maximum?: number;
}

type Value = unknown;

/** A form for one schema node, recursive: objects as fieldsets, arrays as item lists, enums as selects. */
export function SchemaField(props: {
  name: string;
  path: string;
  schema: SchemaNode;
  value: Value;
  required: boolean;
  onChange: (value: Value) => void;
}) {
  const { name, path, schema, value, required, onChange } = props;
  const label = (
    <span class="field-name" title={schema.description}>
      {name}
      {required && (
        <span class="required" title="required">
          *
        </span>
      )}
    </span>
  );
  if (schema.type === 'object' && schema.properties) {
    return (
      <fieldset data-field={path}>
        <legend>{label}</legend>
        <ObjectFields path={path} schema={schema} value={value} onChange={onChange} />
      </fieldset>
    );
  }
  if (schema.type === 'array' && schema.items) {
    const items = Array.isArray(value) ? value : [];
    const set = (next: Value[]) => onChange(next.length === 0 ? undefined : next);
    return (
      <fieldset data-field={path}>
        <legend>{label} (list)</legend>
        {items.map((item, i) => (
          <div class="array-item" key={i}>
            <SchemaField
              name={`${name}[${i}]`}
              path={`${path}[${i}]`}
              schema={schema.items!}
              value={item}
              required={false}
              onChange={(v) => set(items.map((old, j) => (j === i ? v : old)))}
            />
            <button type="button" onClick={() => set(items.filter((_, j) => j !== i))}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" onClick={() => set([...items, schema.items!.type === 'object' ? {} : undefined])}>
          Add {name} item
        </button>
      </fieldset>
    );
  }
  const choices = schema.anyOf?.every((m) => m.const !== undefined) ? schema.anyOf.map((m) => m.const!) : undefined;
  if (choices) {
    return (
      <label data-field={path}>
        {label}
        <select
          value={value === undefined ? '' : String(value)}
          onChange={(e) => onChange(choices.find((c) => String(c) === e.currentTarget.value))}
        >
          <option value="">(not set)</option>
          {choices.map((c) => (
            <option key={String(c)} value={String(c)}>
              {String(c)}
            </option>
          ))}
        </select>
      </label>
    );
  }
  if (schema.type === 'boolean') {
    return (
      <label data-field={path}>
        {label}
        <select
          value={value === undefined ? '' : String(value)}
          onChange={(e) => onChange(e.currentTarget.value === '' ? undefined : e.currentTarget.value === 'true')}
        >
          <option value="">(not set)</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      </label>
    );
  }
  const numeric = schema.type === 'integer' || schema.type === 'number' || schema.anyOf !== undefined;
  return (
    <label data-field={path}>
      {label}
      <input
        name={path}
        type="text"
        inputMode={schema.type === 'integer' || schema.type === 'number' ? 'decimal' : 'text'}
        placeholder={placeholderOf(schema)}
        value={value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)}
        onInput={(e) => onChange(parseInput(e.currentTarget.value, numeric, schema.type))}
      />
    </label>
  );
}

/** The properties of an object node, required ones first. */
export function ObjectFields(props: { path: string; schema: SchemaNode; value: Value; onChange: (v: Value) => void }) {
  const { path, schema, onChange } = props;
  const value = (typeof props.value === 'object' && props.value !== null ? props.value : {}) as Record<string, Value>;
  const required = new Set(schema.required ?? []);
  const names = Object.keys(schema.properties ?? {}).sort((a, b) => Number(required.has(b)) - Number(required.has(a)));
  return (
    <div class="fields">
      {names.map((name) => (
        <SchemaField
          key={name}
          name={name}
          path={path === '' ? name : `${path}.${name}`}
          schema={schema.properties![name]!}
          value={value[name]}
          required={required.has(name)}
          onChange={(v) => {
            const next = { ...value };
            if (v === undefined) delete next[name];
            else next[name] = v;
            onChange(Object.keys(next).length === 0 && path !== '' ? undefined : next);
          }}
        />
      ))}
    </div>
  );
}

function placeholderOf(schema: SchemaNode): string {
  const range =
    schema.minimum !== undefined || schema.maximum !== undefined
      ? ` ${schema.minimum ?? ''}..${schema.maximum ?? ''}`
      : '';
  return `${schema.type ?? 'JSON'}${range}${schema.description ? `: ${schema.description.slice(0, 60)}` : ''}`;
}

function parseInput(text: string, numeric: boolean, type: string | undefined): Value {
  if (text === '') return undefined;
  if (type === 'string') return text;
  if (numeric && text.trim() !== '' && !Number.isNaN(Number(text))) return Number(text);
  if (type === undefined) {
    try {
      return JSON.parse(text) as Value;
    } catch {
      return text;
    }
  }
  return text;
}
