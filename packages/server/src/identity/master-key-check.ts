import type { SecretCipher } from './secret-cipher.js';

/** Where a data directory keeps the value its master key must decrypt; read when the store is opened. */
export interface MasterKeyCheckRecord {
  readMasterKeyCheck(): Buffer | undefined;
  /** Writes the value unless one is there already. */
  writeMasterKeyCheck(ciphertext: Buffer): void;
}

const MASTER_KEY_CHECK_TEXT = 'rtc-openapi master key check';
const ASSOCIATED_DATA = 'master-key-check';

/**
 * Refuses to run with a master key other than the one the data directory was written with: every secret would
 * fail to decrypt, one request at a time. The first start records a check value.
 */
export function checkMasterKey(record: MasterKeyCheckRecord, cipher: SecretCipher): void {
  const ciphertext = record.readMasterKeyCheck();
  if (ciphertext === undefined) {
    record.writeMasterKeyCheck(cipher.encrypt(MASTER_KEY_CHECK_TEXT, ASSOCIATED_DATA));
    return;
  }
  let text: string | undefined;
  try {
    text = cipher.decrypt(ciphertext, ASSOCIATED_DATA);
  } catch {
    text = undefined;
  }
  if (text !== MASTER_KEY_CHECK_TEXT) {
    throw new Error(
      'the master key does not match the one this data directory was created with (check RTC_MASTER_KEY and master.key)',
    );
  }
}
