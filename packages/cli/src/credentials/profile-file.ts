import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliUsageError } from '../output/report-error.js';

/** One `[name]` section of the credentials file. */
export interface Profile {
  access_key_id?: string;
  secret_access_key?: string;
  session_token?: string;
  region?: string;
  endpoint?: string;
}

const KEYS = new Set(['access_key_id', 'secret_access_key', 'session_token', 'region', 'endpoint']);

/** `RTC_OPENAPI_CREDENTIALS_FILE`, else `~/.rtc-openapi/credentials`. */
export function credentialsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.RTC_OPENAPI_CREDENTIALS_FILE || join(homedir(), '.rtc-openapi', 'credentials');
}

/**
 * The profiles of the credentials file, or undefined when there is none. A file that others may read is refused,
 * as ssh does with private keys: a secret in it may already be exposed, and using it silently would hide that.
 */
export function readProfiles(path: string): Map<string, Profile> | undefined {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(3, '0');
    throw new CliUsageError(
      `${path} is accessible to other users (mode ${octal}); it holds secret keys, so it is not used. ` +
        `Run: chmod 600 ${path}`,
    );
  }
  return parseProfiles(readFileSync(path, 'utf8'), path);
}

/** INI-like: `[profile]` headers, `key = value` lines, `#` and `;` comments. */
export function parseProfiles(text: string, source = 'credentials file'): Map<string, Profile> {
  const profiles = new Map<string, Profile>();
  let current: Profile | undefined;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      current = profiles.get(header[1]!) ?? {};
      profiles.set(header[1]!, current);
      continue;
    }
    const pair = /^([A-Za-z_]+)\s*=\s*(.*)$/.exec(line);
    if (!pair || current === undefined) {
      throw new CliUsageError(`${source} line ${index + 1}: expected [profile] or key = value`);
    }
    const key = pair[1]!.toLowerCase();
    if (!KEYS.has(key)) {
      throw new CliUsageError(`${source} line ${index + 1}: unknown key ${key} (known: ${[...KEYS].join(', ')})`);
    }
    current[key as keyof Profile] = pair[2]!.replace(/^(["'])(.*)\1$/, '$2');
  }
  return profiles;
}
