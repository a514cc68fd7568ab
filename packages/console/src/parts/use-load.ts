import { useCallback, useEffect, useState } from 'preact/hooks';

/** Loads a value (again after `reload()` or when `deps` change), with the error to show when it fails. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[] = []) {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (v) => live && (setValue(v), setError(undefined)),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [tick, ...deps]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { value, error, reload };
}
