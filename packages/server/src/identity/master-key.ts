import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MASTER_KEY_FILE_NAME = 'master.key';
const KEY_BYTES = 32;

export type MasterKeySource = 'env' | 'file-created' | 'file' | 'ephemeral';

/**
 * The server master key that encrypts secrets at rest: `RTC_MASTER_KEY` (base64 of 32 bytes) when set, otherwise
 * `master.key` in the data directory, created on first start with mode 0600. Without a data directory (an in-memory
 * database) a random key lives as long as the process, like the data it protects.
 */
export function loadMasterKey(options: { dataDir?: string; env?: NodeJS.ProcessEnv }): {
  key: Buffer;
  source: MasterKeySource;
} {
  const fromEnv = (options.env ?? process.env).RTC_MASTER_KEY;
  if (fromEnv !== undefined && fromEnv !== '') {
    return { key: decodeKey(fromEnv, 'RTC_MASTER_KEY'), source: 'env' };
  }
  if (options.dataDir === undefined) return { key: randomBytes(KEY_BYTES), source: 'ephemeral' };

  const path = join(options.dataDir, MASTER_KEY_FILE_NAME);
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    // A key others can read defeats encryption at rest; tighten it rather than refuse to start.
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return { key: decodeKey(text.trim(), path), source: 'file' };
  }
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  // 'wx' fails when another process created the file between our read and this write: then use theirs.
  try {
    writeFileSync(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadMasterKey(options);
    throw error;
  }
  chmodSync(path, 0o600); // the umask may have removed bits but never adds any; be explicit anyway
  return { key, source: 'file-created' };
}

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64') !== text.replace(/\s+/g, '')) {
    throw new Error(`${where} must be the base64 encoding of exactly ${KEY_BYTES} bytes`);
  }
  return key;
}

/** A fresh key in the form RTC_MASTER_KEY expects. */
export function generateMasterKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}
