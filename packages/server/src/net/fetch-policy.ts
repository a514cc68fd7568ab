import { BlockList, isIP } from 'node:net';

/** The kinds of address a fetch may reach; only `public` ones are always allowed. */
export type AddressKind = 'public' | 'loopback' | 'private' | 'link-local' | 'reserved';

/** The kinds an operator may allow by name (`reserved` only through `*` or a CIDR). */
const NAMED_KINDS = ['loopback', 'private', 'link-local'] as const;

const RANGES: Record<Exclude<AddressKind, 'public'>, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  // RFC 1918, carrier-grade NAT (RFC 6598) and IPv6 unique local addresses.
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'],
  // Includes the cloud metadata address 169.254.169.254.
  'link-local': ['169.254.0.0/16', 'fe80::/10'],
  // "This network", IETF and documentation blocks, benchmarking, multicast, the rest of class E and broadcast;
  // IPv6 unspecified, discard, documentation, multicast, and the prefixes that embed IPv4 addresses (NAT64, 6to4,
  // Teredo), which could reach any of the above.
  reserved: [
    '0.0.0.0/8',
    '192.0.0.0/24',
    '192.0.2.0/24',
    '198.18.0.0/15',
    '198.51.100.0/24',
    '203.0.113.0/24',
    '224.0.0.0/4',
    '240.0.0.0/4',
    '::/128',
    '100::/64',
    '2001:db8::/32',
    'ff00::/8',
    '64:ff9b::/96',
    '2002::/16',
    '2001::/32',
  ],
};

const blockLists = Object.fromEntries(
  Object.entries(RANGES).map(([kind, ranges]) => {
    const list = new BlockList();
    for (const range of ranges) addRange(list, range);
    return [kind, list];
  }),
) as Record<Exclude<AddressKind, 'public'>, BlockList>;

/**
 * What `--fetch-allow` is when not given: this machine and private networks (a local test page, a callback receiver
 * on the same machine or in the same Docker network, where an emulator in CI usually runs); link-local (the cloud
 * metadata address) and reserved blocks stay refused.
 */
export const DEFAULT_FETCH_ALLOW = 'loopback,private';

/**
 * Which addresses the server may fetch a caller-given URL from (a document to transcode, a page to record, a
 * callback or an LLM to call): public addresses always, and what the operator allows (`serve --fetch-allow`,
 * RTC_FETCH_ALLOW; docs/server.md): address kinds (`loopback`, `private`, `link-local`), CIDR blocks or single
 * addresses, host names (`docs.internal`) or domains (`*.corp.example`) allowed whatever they resolve to, `*` for
 * everything, or `none` for public addresses only.
 */
export class FetchPolicy {
  readonly #anything: boolean;
  readonly #kinds: ReadonlySet<AddressKind>;
  readonly #blocks = new BlockList();
  readonly #hosts: ReadonlySet<string>;
  readonly #domains: readonly string[];
  /** The list as given, for messages. */
  readonly text: string;

  /**
   * Reads a comma-separated list; throws an Error naming `source` (the flag or variable) and the entry it cannot
   * read. Undefined or empty: the default (loopback,private).
   */
  static parse(text: string | undefined, source = '--fetch-allow'): FetchPolicy {
    const given = text === undefined || text.trim() === '' ? DEFAULT_FETCH_ALLOW : text;
    const entries = given
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '');
    return new FetchPolicy(entries, source);
  }

  constructor(entries: readonly string[], source = '--fetch-allow') {
    const kinds = new Set<AddressKind>(['public']);
    const hosts = new Set<string>();
    const domains: string[] = [];
    let anything = false;
    for (const raw of entries) {
      const entry = raw.toLowerCase();
      if (entry === '*') anything = true;
      else if (entry === 'none') continue;
      else if ((NAMED_KINDS as readonly string[]).includes(entry)) kinds.add(entry as AddressKind);
      else if (isIP(unbracket(entry.split('/')[0]!)) !== 0) {
        if (!addRange(this.#blocks, entry.includes('/') ? entry : unbracket(entry))) {
          throw new Error(`${source}: ${raw} is not an address or a CIDR block`);
        }
      } else if (entry.startsWith('*.') && isHostName(entry.slice(2))) domains.push(entry.slice(1));
      else if (isHostName(entry)) hosts.add(entry);
      else {
        throw new Error(
          `${source}: cannot read "${raw}" (use loopback, private, link-local, a CIDR block, an address, a host name, *.domain, * or none)`,
        );
      }
    }
    if (entries.some((e) => e.toLowerCase() === 'none') && entries.length > 1) {
      throw new Error(`${source}: none means public addresses only and goes alone`);
    }
    this.#anything = anything;
    this.#kinds = kinds;
    this.#hosts = hosts;
    this.#domains = domains;
    this.text = entries.join(',');
  }

  /** Whether every address is allowed (`*`): nothing to check. */
  get allowsEverything(): boolean {
    return this.#anything;
  }

  /**
   * Why the server may not connect to `address` to fetch from `host` (the URL's host name, or the address itself);
   * undefined when it may.
   */
  refusal(host: string, address: string): string | undefined {
    if (this.#anything) return undefined;
    const name = unbracket(host.toLowerCase()).replace(/\.$/, '');
    if (this.#hosts.has(name) || this.#domains.some((d) => name.endsWith(d))) return undefined;
    const ip = unmapped(unbracket(address));
    const family = isIP(ip);
    if (family === 0) return `${address} is not an IP address`;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (this.#blocks.check(ip, type)) return undefined;
    const kind = addressKind(ip);
    if (this.#kinds.has(kind)) return undefined;
    const where = name === ip ? ip : `${name} (${ip})`;
    return `${where} is a ${kind} address, which this server does not fetch from (allowed besides public addresses: ${this.text || 'none'}; serve --fetch-allow)`;
  }
}

/** The kind of an IP address (IPv4-mapped IPv6 addresses as their IPv4 address). */
export function addressKind(address: string): AddressKind {
  const ip = unmapped(unbracket(address));
  const type = isIP(ip) === 4 ? 'ipv4' : 'ipv6';
  for (const kind of ['loopback', 'private', 'link-local', 'reserved'] as const) {
    if (blockLists[kind].check(ip, type)) return kind;
  }
  return 'public';
}

/** `::ffff:10.0.0.1` and `::ffff:a00:1` are 10.0.0.1. */
function unmapped(ip: string): string {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (dotted) return dotted[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip);
  if (!hex) return ip;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function isHostName(name: string): boolean {
  return /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/.test(name);
}

/** Adds `address` or `address/prefix` to the list; false when it is neither. */
function addRange(list: BlockList, range: string): boolean {
  const [address = '', prefixText, extra] = range.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) {
    list.addAddress(address, type);
    return true;
  }
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > (family === 4 ? 32 : 128)) return false;
  list.addSubnet(address, prefix, type);
  return true;
}
