// The audit writer's worker thread (started by AuditWriter, never imported): it owns its own connection to the
// database, so inserts, their commits and WAL checkpoints never run on the event loop. Batches arrive in order and
// are committed in order; a failed batch is kept and retried with the next one and every second.
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { VALUES_PER_ROW, type AuditValues } from './audit-rows.js';
import type { AuditWorkerData, FromWorker, ToWorker } from './audit-writer.js';
import { SqliteAuditStore } from './sqlite-audit-store.js';

if (parentPort === null) throw new Error('audit-worker runs as a worker thread started by AuditWriter');
const port = parentPort;
const { filename, maxPending, done } = workerData as AuditWorkerData;

const db = new BetterSqlite3(filename);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
const store = new SqliteAuditStore(db);

let pending: AuditValues = [];
let dropped = 0;

function post(message: FromWorker): void {
  port.postMessage(message);
}

function write(): void {
  if (pending.length === 0) return;
  try {
    store.insertRows(pending);
    pending = [];
  } catch (error) {
    // Kept and retried with the next batch; beyond the bound the oldest rows go (and are counted).
    const over = pending.length / VALUES_PER_ROW - maxPending;
    if (over > 0) {
      pending.splice(0, over * VALUES_PER_ROW);
      dropped += over;
    }
    post({ type: 'error', message: error instanceof Error ? error.message : String(error), dropped });
  }
}

const retry = setInterval(write, 1000);

port.on('message', (message: ToWorker) => {
  if (message.type === 'rows') {
    pending = pending.length === 0 ? message.values : pending.concat(message.values);
    write();
  } else if (message.type === 'sync') {
    write();
    post({ type: 'synced', id: message.id });
  } else {
    clearInterval(retry);
    write();
    db.close();
    Atomics.store(done, 0, 1);
    Atomics.notify(done, 0);
    port.close();
  }
});
