import type { OutboundFetch } from '../../net/guarded-fetch.js';
import { withOutboundTimeout } from '../../net/outbound-timeout.js';

/**
 * Fetches a web page the way the cloud browser's first request does: GET, redirects followed, the whole body read,
 * under a deadline, through `fetch` (the operator's fetch policy). Resolves with nothing when it loaded (2xx), or with
 * why not.
 */
export async function loadPage(
  url: string,
  timeoutMs: number,
  fetch: OutboundFetch,
  signal?: AbortSignal,
): Promise<string | undefined> {
  try {
    return await withOutboundTimeout(
      timeoutMs,
      async (s) => {
        const response = await fetch(url, { signal: s, redirect: 'follow', headers: { accept: 'text/html,*/*' } });
        await response.arrayBuffer();
        return response.ok ? undefined : `the page answered HTTP ${response.status}`;
      },
      signal,
    );
  } catch (error) {
    if (signal?.aborted) return 'stopped';
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `the page did not load (${error instanceof Error ? error.message : String(error)}${cause})`;
  }
}
