import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';

/** Where a stream is: opening, receiving (`live`), or `closed` (the server refused it, or it ended for good). */
export type StreamState = 'connecting' | 'live' | 'closed';

/**
 * Follows a server-sent event stream of the console's API (no polling): each named event's JSON data goes to its
 * handler. The browser reconnects on its own after a dropped connection; a refusal (not 200) closes it, and when
 * the refusal was a lost session (a server restart ends every session) the page goes to the sign-in page.
 */
export function useEventStream(
  url: string | undefined,
  handlers: Record<string, (data: unknown) => void>,
): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const current = useRef(handlers);
  current.current = handlers;
  const names = Object.keys(handlers).join(',');
  useEffect(() => {
    if (url === undefined) return;
    setState('connecting');
    const source = new EventSource(url);
    for (const name of names.split(',')) {
      source.addEventListener(name, (e) => {
        setState('live');
        current.current[name]?.(JSON.parse((e as MessageEvent<string>).data));
      });
    }
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return setState('connecting');
      setState('closed');
      // Answered 401 when the session is gone: `api` then goes to the sign-in page.
      api('GET', '/session').catch(() => undefined);
    };
    return () => source.close();
  }, [url, names]);
  return state;
}
