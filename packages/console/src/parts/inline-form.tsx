import { useState } from 'preact/hooks';

/** A field of an InlineForm: a text or number input, or a select when it has options. */
export interface FieldSpec {
  name: string;
  placeholder?: string;
  /** The accessible name when there is no placeholder to give it. */
  label?: string;
  type?: 'text' | 'number';
  required?: boolean;
  /** The value it starts with, and returns to after a submit. */
  initial?: string;
  /** A select: its choices (the first is chosen until another is). */
  options?: readonly { value: string; label: string }[];
}

/**
 * The one-line form that creates something beside a list: its fields, a submit button, and back to the initial
 * values once `onSubmit` succeeded (a failure keeps what was typed; the page shows its error).
 */
export function InlineForm(props: {
  fields: readonly FieldSpec[];
  submit: string;
  onSubmit: (values: Record<string, string>) => Promise<boolean | void>;
  busy?: boolean;
}) {
  const initial = () => Object.fromEntries(props.fields.map((f) => [f.name, f.initial ?? '']));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const valueOf = (f: FieldSpec) => values[f.name] || (f.options ? (f.options[0]?.value ?? '') : '');
  const set = (name: string, value: string) => setValues((old) => ({ ...old, [name]: value }));
  return (
    <form
      class="inline"
      onSubmit={(e) => {
        e.preventDefault();
        const sent = Object.fromEntries(props.fields.map((f) => [f.name, valueOf(f)]));
        void props.onSubmit(sent).then((ok) => ok !== false && setValues(initial()));
      }}
    >
      {props.fields.map((f) =>
        f.options ? (
          <select
            key={f.name}
            aria-label={f.label ?? f.name}
            value={valueOf(f)}
            onChange={(e) => set(f.name, e.currentTarget.value)}
          >
            {f.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ) : (
          <Input key={f.name} field={f} value={valueOf(f)} onInput={(v) => set(f.name, v)} />
        ),
      )}
      <button disabled={props.busy || props.fields.some((f) => f.options?.length === 0)}>{props.submit}</button>
    </form>
  );
}

function Input({ field: f, value, onInput }: { field: FieldSpec; value: string; onInput: (value: string) => void }) {
  const common = {
    name: f.name,
    'aria-label': f.label ?? f.placeholder ?? f.name,
    placeholder: f.placeholder,
    value,
    onInput: (e: { currentTarget: HTMLInputElement }) => onInput(e.currentTarget.value),
    required: f.required ?? true,
  };
  return f.type === 'number' ? (
    <input type="number" min="0" step="any" {...common} />
  ) : (
    <input type="text" {...common} />
  );
}
