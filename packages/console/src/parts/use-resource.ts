import { useAction } from './feedback.js';
import { useLoad } from './use-load.js';

/**
 * A list the page loads and changes: its value, one error to show (the load's or the last change's), and `change`,
 * which runs a change and loads the list again after it (resolving true when it worked).
 */
export function useResource<T>(load: () => Promise<T>, deps: readonly unknown[] = []) {
  const list = useLoad(load, deps);
  const action = useAction();
  const change = (work: () => Promise<unknown>): Promise<boolean> =>
    action.run(async () => {
      await work();
      list.reload();
    });
  return { value: list.value, error: list.error ?? action.error, busy: action.busy, reload: list.reload, change };
}
