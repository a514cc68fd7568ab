import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import { lookup as dnsLookupAll } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { FetchPolicy } from './fetch-policy.js';

/** How the server fetches a URL a caller gave it: `fetch`'s shape, under the operator's fetch policy. */
export type OutboundFetch = (url: string, init?: RequestInit) => Promise<Response>;

/** The error a connection the policy refuses ends with (the cause of fetch's "fetch failed"). */
export class FetchRefusedError extends Error {
  override readonly name = 'FetchRefusedError';
}

/**
 * `fetch` that connects only where `policy` allows (net/fetch-policy.ts). The check runs on every connection the
 * request opens, redirects included, against the addresses the host name resolved to for that very connection (so a
 * name that resolves to a public address when checked and a private one when used is not a way in); an address in
 * the URL is checked as it is. A refused request rejects as fetch does when it cannot connect, its cause a
 * FetchRefusedError saying why.
 */
export function guardedFetch(policy: FetchPolicy): OutboundFetch {
  if (policy.allowsEverything) return (url, init) => fetch(url, init);
  const connect = buildConnector({ lookup: guardedLookup(policy) as LookupFunction });
  const agent = new Agent({
    connect(options, callback) {
      const host = options.hostname.replace(/^\[(.*)\]$/, '$1');
      // An address in the URL is never looked up: it is checked here.
      const why = isIP(host) !== 0 ? policy.refusal(host, host) : undefined;
      if (why !== undefined) callback(new FetchRefusedError(why), null);
      else connect(options, callback);
    },
  });
  return (url, init) =>
    undiciFetch(url, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: agent,
    }) as unknown as Promise<Response>;
}

/**
 * Checks a URL that another program opens (ffmpeg reading a relay's source, pushing to a CDN): throws a
 * FetchRefusedError when the policy refuses its host, an address or any address its name resolves to now (a name
 * that does not resolve passes: the program cannot reach it either). Checked
 * once, before the program starts: a name whose answer changes afterwards, or a redirect ffmpeg follows, is not
 * seen (docs/server.md).
 */
export type OutboundCheck = (url: string) => Promise<void>;

export function destinationCheck(policy: FetchPolicy): OutboundCheck {
  return async (url) => {
    if (policy.allowsEverything) return;
    const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
    let addresses = [host];
    if (isIP(host) === 0) {
      // A name that does not resolve reaches nothing: the program fails to connect on its own, as it did before.
      const found = await dnsLookupAll(host, { all: true }).catch(() => []);
      addresses = found.map((a) => a.address);
    }
    for (const address of addresses) {
      const why = policy.refusal(host, address);
      if (why !== undefined) throw new FetchRefusedError(why);
    }
  };
}

let defaultGuarded: OutboundFetch | undefined;

/** The default policy's fetch (public addresses and loopback), for parts built without the server's (tests). */
export const defaultOutboundFetch: OutboundFetch = (url, init) =>
  (defaultGuarded ??= guardedFetch(FetchPolicy.parse(undefined)))(url, init);

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup that fails when any address the name resolves to is refused by the policy. */
function guardedLookup(policy: FetchPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    const all: LookupAllOptions = { ...options, all: true };
    dnsLookup(hostname, all, (error, addresses) => {
      if (error) return callback(error, []);
      for (const { address } of addresses) {
        const why = policy.refusal(hostname, address);
        if (why !== undefined) return callback(new FetchRefusedError(why), []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** Why a fetch failed, as a sentence: fetch's own "fetch failed" says nothing, its cause does. */
export function fetchFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof FetchRefusedError) return cause.message;
  if (cause instanceof Error) {
    const code = (cause as { code?: string }).code;
    return code && !cause.message.includes(code) ? `${cause.message} (${code})` : cause.message;
  }
  return error.message;
}
