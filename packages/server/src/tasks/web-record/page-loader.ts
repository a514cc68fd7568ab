import type { OutboundFetch } from '../../net/guarded-fetch.js';
import { withOutboundTimeout } from '../../net/outbound-timeout.js';

/** What a web recording learns of its page by loading it. */
export interface LoadedPage {
  /** The URL finally loaded (after redirects). */
  url: string;
  /** The page's `<title>`, or '' without one. */
  title: string;
}

/** How much of a page is read looking for its title. */
const HEAD_BYTES = 256 * 1024;

/**
 * Loads a page as a browser would start to (GET, redirects followed) under a deadline, and reads its title from
 * the first 256 KiB, through `fetch` (the operator's fetch policy). Throws an Error saying why when the page does
 * not load: no answer in time, a refused connection (or one the policy refuses), or a status other than 2xx.
 */
export async function loadPage(
  url: string,
  timeoutMs: number,
  fetch: OutboundFetch,
  signal?: AbortSignal,
): Promise<LoadedPage> {
  const shown = shownUrl(url);
  return withOutboundTimeout(
    timeoutMs,
    async (callSignal) => {
      let response: Response;
      try {
        response = await fetch(url, { signal: callSignal, redirect: 'follow', headers: { accept: 'text/html,*/*' } });
      } catch (error) {
        throw new Error(`the page ${shown} could not be loaded: ${causeOf(error)}`);
      }
      if (!response.ok) throw new Error(`the page ${shown} answered HTTP ${response.status}`);
      const head = await readHead(response.body);
      return { url: response.url || url, title: titleOf(head) };
    },
    signal,
  ).catch((error: unknown) => {
    if (error instanceof Error && error.name === 'OutboundTimeoutError') {
      throw new Error(`the page ${shown} did not load: ${error.message}`);
    }
    throw error;
  });
}

async function readHead(body: ReadableStream<Uint8Array> | null): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < HEAD_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, HEAD_BYTES).toString('utf8');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The text of the first `<title>`: entities decoded, white space collapsed, at most 200 characters. */
export function titleOf(html: string): string {
  const raw = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '';
  const text = raw
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n) % 0x110000))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16) % 0x110000))
    .replace(/&(\w+);/g, (whole, name: string) => ENTITIES[name.toLowerCase()] ?? whole)
    .replace(/\s+/g, ' ')
    .trim();
  return [...text].slice(0, 200).join('');
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** A URL as messages show it: no user info, query or fragment (they may carry secrets). */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(an unreadable URL)';
  }
}
