import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

export function ErrorText({ error }: { error: string | undefined }) {
  return error === undefined ? null : (
    <p class="error" role="alert">
      {error}
    </p>
  );
}

/** Runs an action from a button, showing its error; `busy` while it runs. `run` resolves true when it worked. */
export function useAction() {
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

export function Section({
  title,
  children,
  actions,
}: {
  title: string;
  children: ComponentChildren;
  actions?: ComponentChildren;
}) {
  return (
    <section class="card">
      <header>
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

/** A secret shown once, right after it was created: copy it now, it is never shown again. */
export function OnceSecret({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  return (
    <div class="once" role="status">
      <strong>{label}</strong> (shown once: copy it now)
      <code data-testid="once-secret">{value}</code>
      <button type="button" onClick={onDone}>
        I have copied it
      </button>
    </div>
  );
}
