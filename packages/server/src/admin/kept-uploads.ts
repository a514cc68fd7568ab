import type { Logger } from 'pino';
import { CallbackOutbox } from '../events/callback-outbox.js';
import { OutboxWriter } from '../events/outbox-writer.js';
import { openObjectStore } from '../storage/open-object-store.js';
import type { S3StorageOptions } from '../storage/s3-object-store.js';
import type { Services } from '../store/open-services.js';
import { KeptRecordings, keptDirOf } from '../tasks/recording/kept-recordings.js';
import { RecordUploads } from '../tasks/recording/record-uploads.js';

/**
 * The kept recordings of a data directory, for the admin CLI (a server has its own: the tasks module's): they are
 * stored with the storage the CLI is given (the server's `--storage-*` settings), and a task that ends after all has
 * its RecordStopped written to the outbox, which the server delivers (it looks for due rows twice a second, and at
 * start). `close` lets go of the storage's connections.
 */
export function openKeptUploads(
  services: Pick<Services, 'tasks' | 'events'>,
  options: { dataDir: string; s3?: S3StorageOptions; logger?: Logger },
): { kept: KeptRecordings; close(): void } {
  const storage = openObjectStore(options.dataDir, options.s3);
  const logger = options.logger;
  const uploads = new RecordUploads({
    storage,
    keptDir: keptDirOf(options.dataDir),
    now: Date.now,
    ...(logger && { logger }),
  });
  const events = new OutboxWriter({
    transaction: (fn) => services.events.transaction(fn),
    outbox: new CallbackOutbox(services.events),
    wake: () => {},
  });
  const kept = new KeptRecordings({ uploads, store: services.tasks, events, now: Date.now, ...(logger && { logger }) });
  return { kept, close: () => storage.close?.() };
}
