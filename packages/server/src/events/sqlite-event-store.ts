import type { Database } from '../store/database.js';
import { PreparedStatements } from '../store/prepared-statements.js';
import type {
  AttemptDetail,
  AttemptRecord,
  DeliveryLogEntry,
  DeliveryRecord,
  DeliveryLogFilter,
  EventStore,
  NewOutboxRow,
  OutboxRow,
  SealedCallbackConfig,
} from './event-store.js';
import {
  toConfig,
  toDelivery,
  toLogEntry,
  toOutboxRow,
  type ConfigRow,
  type DeliveryRow,
  type LogRow,
  type OutboxTableRow,
} from './sqlite-event-rows.js';

/** outbox_id, event_id, app_id, event_type, url, attempt, http_status, error, duration_ms, outcome, at, body, answer */
type LogInsert = [number, string, string, string, string, number, ...(string | number | null)[]];

const LOG_COLUMNS =
  'outbox_id, event_id, app_id, event_type, url, attempt, http_status, error, duration_ms, outcome, at';
const DELIVERY_COLUMNS =
  'id, event_id, app_id, business_id, event_type, event_data, event_time, nonce, attempts, next_attempt_at, status, created_at, finished_at, redelivery_of';

const OUTBOX_COLUMNS =
  'id, event_id, app_id, business_id, event_type, event_data, event_time, nonce, attempts, next_attempt_at';

/**
 * The callback_configs, callback_outbox and callback_delivery_log tables of the server's SQLite database
 * (`migrations.ts`), each statement prepared once.
 */
export class SqliteEventStore implements EventStore {
  readonly #db: Database;
  readonly #sql;
  readonly #filtered: PreparedStatements;

  constructor(db: Database) {
    this.#db = db;
    this.#filtered = new PreparedStatements(db);
    this.#sql = {
      configsOfApp: db.prepare<[string], ConfigRow>(
        'SELECT * FROM callback_configs WHERE app_id = ? ORDER BY created_at, business_id',
      ),
      config: db.prepare<[string, string], ConfigRow>(
        'SELECT * FROM callback_configs WHERE app_id = ? AND business_id = ?',
      ),
      insertConfig: db.prepare<[string, string, string, string, Buffer, string, string, string, string]>(
        `INSERT INTO callback_configs (app_id, business_id, account_id, url, secret_key, secret_ciphertext, event_list,
          region, created_at, updated_at) VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      ),
      updateConfig: db.prepare<[string, Buffer, string, string, string, string]>(
        `UPDATE callback_configs SET url = ?, secret_key = '', secret_ciphertext = ?, event_list = ?, updated_at = ?
          WHERE app_id = ? AND business_id = ?`,
      ),
      deleteConfigsOfApp: db.prepare<[string]>('DELETE FROM callback_configs WHERE app_id = ?'),
      deleteConfig: db.prepare<[string, string]>('DELETE FROM callback_configs WHERE app_id = ? AND business_id = ?'),
      unsealed: db.prepare<[], { app_id: string; business_id: string; secret_key: string }>(
        'SELECT app_id, business_id, secret_key FROM callback_configs WHERE secret_ciphertext IS NULL',
      ),
      seal: db.prepare<[Buffer, string, string]>(
        `UPDATE callback_configs SET secret_ciphertext = ?, secret_key = '' WHERE app_id = ? AND business_id = ?`,
      ),
      subscriptionsOf: db.prepare<[string], { business_id: string; event_list: string }>(
        'SELECT business_id, event_list FROM callback_configs WHERE app_id = ?',
      ),
      account: db
        .prepare<[string, string], string>(
          'SELECT account_id FROM callback_configs WHERE app_id = ? AND business_id = ?',
        )
        .pluck(),
      insertOutbox: db.prepare<[string, string, string, string, string, string, string, number, number]>(
        `INSERT INTO callback_outbox (event_id, app_id, business_id, event_type, event_data, event_time, nonce, status,
          attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
      ),
      lastId: db.prepare<[], number | null>('SELECT MAX(id) FROM callback_outbox').pluck(),
      pendingSubscriptions: db.prepare<[], { app_id: string; business_id: string }>(
        `SELECT DISTINCT app_id, business_id FROM callback_outbox WHERE status = 'pending'`,
      ),
      rowsAfter: db.prepare<[number], { app_id: string; business_id: string; last: number }>(
        `SELECT app_id, business_id, MAX(id) AS last FROM callback_outbox WHERE id > ? AND status = 'pending'
          GROUP BY app_id, business_id`,
      ),
      pendingRows: db.prepare<[string, string, number], OutboxTableRow>(
        `SELECT ${OUTBOX_COLUMNS} FROM callback_outbox WHERE status = 'pending' AND app_id = ? AND business_id = ?
          ORDER BY next_attempt_at, id LIMIT ?`,
      ),
      retryLater: db.prepare<[number, number, number]>(
        'UPDATE callback_outbox SET attempts = ?, next_attempt_at = ? WHERE id = ?',
      ),
      close: db.prepare<[number, string, number, number]>(
        'UPDATE callback_outbox SET attempts = ?, status = ?, finished_at = ? WHERE id = ?',
      ),
      log: db.prepare<LogInsert>(
        `INSERT INTO callback_delivery_log (outbox_id, event_id, app_id, event_type, url, attempt, http_status,
          error, duration_ms, outcome, at, body, answer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      redeliver: db.prepare<[number, number, number, number]>(
        `INSERT INTO callback_outbox (event_id, app_id, business_id, event_type, event_data, event_time, nonce, status,
          attempts, next_attempt_at, created_at, redelivery_of)
          SELECT event_id, app_id, business_id, event_type, event_data, event_time, nonce, 'pending', 0, ?, ?, ?
          FROM callback_outbox WHERE id = ?`,
      ),
      delivery: db.prepare<[number], DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM callback_outbox WHERE id = ?`),
      deliveriesOfEvent: db.prepare<[string], DeliveryRow>(
        `SELECT ${DELIVERY_COLUMNS} FROM callback_outbox WHERE event_id = ? ORDER BY id`,
      ),
      attemptsOf: db.prepare<[number], LogRow & { body: string | null; answer: string | null }>(
        `SELECT ${LOG_COLUMNS}, body, answer FROM callback_delivery_log WHERE outbox_id = ? ORDER BY id`,
      ),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn)();
  }

  // ---- subscriptions ---------------------------------------------------------------------------------------------

  configsOfApp(appId: string): SealedCallbackConfig[] {
    return this.#sql.configsOfApp.all(appId).map(toConfig);
  }

  findConfig(appId: string, businessId: string): SealedCallbackConfig | undefined {
    const row = this.#sql.config.get(appId, businessId);
    return row && toConfig(row);
  }

  insertConfig(c: SealedCallbackConfig): boolean {
    const eventList = JSON.stringify(c.eventList);
    const { changes } = this.#sql.insertConfig.run(
      c.appId,
      c.businessId,
      c.accountId,
      c.url,
      c.secretCiphertext,
      eventList,
      c.region,
      c.createdAt,
      c.updatedAt,
    );
    return changes === 1;
  }

  updateConfig(
    appId: string,
    businessId: string,
    change: { url: string; secretCiphertext: Buffer; eventList: string[]; updatedAt: string },
  ): boolean {
    const eventList = JSON.stringify(change.eventList);
    const { changes } = this.#sql.updateConfig.run(
      change.url,
      change.secretCiphertext,
      eventList,
      change.updatedAt,
      appId,
      businessId,
    );
    return changes === 1;
  }

  deleteConfigs(appId: string, businessId: string | undefined): number {
    const result =
      businessId === undefined
        ? this.#sql.deleteConfigsOfApp.run(appId)
        : this.#sql.deleteConfig.run(appId, businessId);
    return result.changes;
  }

  unsealedSecrets(): { appId: string; businessId: string; secretKey: string }[] {
    return this.#sql.unsealed
      .all()
      .map((r) => ({ appId: r.app_id, businessId: r.business_id, secretKey: r.secret_key }));
  }

  sealSecrets(sealed: readonly { appId: string; businessId: string; secretCiphertext: Buffer }[]): void {
    this.transaction(() => {
      for (const s of sealed) this.#sql.seal.run(s.secretCiphertext, s.appId, s.businessId);
    });
  }

  // ---- the outbox ------------------------------------------------------------------------------------------------

  subscriptionsOf(appId: string): { businessId: string; eventList: string[] }[] {
    return this.#sql.subscriptionsOf
      .all(appId)
      .map((r) => ({ businessId: r.business_id, eventList: JSON.parse(r.event_list) as string[] }));
  }

  subscriptionAccount(appId: string, businessId: string): string | undefined {
    return this.#sql.account.get(appId, businessId);
  }

  insertOutboxRow(r: NewOutboxRow): void {
    this.#sql.insertOutbox.run(
      r.eventId,
      r.appId,
      r.businessId,
      r.eventType,
      r.eventData,
      r.eventTime,
      r.nonce,
      r.nextAttemptAt,
      r.nextAttemptAt,
    );
  }

  lastOutboxId(): number {
    return this.#sql.lastId.get() ?? 0;
  }

  pendingSubscriptions(): { appId: string; businessId: string }[] {
    return this.#sql.pendingSubscriptions.all().map((r) => ({ appId: r.app_id, businessId: r.business_id }));
  }

  subscriptionsWithRowsAfter(afterId: number): { appId: string; businessId: string; last: number }[] {
    return this.#sql.rowsAfter.all(afterId).map((r) => ({ appId: r.app_id, businessId: r.business_id, last: r.last }));
  }

  pendingRows(appId: string, businessId: string, limit: number): OutboxRow[] {
    return this.#sql.pendingRows.all(appId, businessId, limit).map(toOutboxRow);
  }

  recordAttempt(row: OutboxRow, a: AttemptRecord): void {
    this.transaction(() => {
      if (a.outcome === 'retry') this.#sql.retryLater.run(a.attempt, a.retryAt!, row.id);
      else this.#sql.close.run(a.attempt, a.outcome, a.at, row.id);
      this.#sql.log.run(
        row.id,
        row.eventId,
        row.appId,
        row.eventType,
        a.url,
        a.attempt,
        a.httpStatus ?? null,
        a.error ?? null,
        a.durationMs,
        a.outcome,
        a.at,
        a.body ?? null,
        a.answer ?? null,
      );
    });
  }

  redeliver(deliveryId: number, at: number): number | undefined {
    const { changes, lastInsertRowid } = this.#sql.redeliver.run(at, at, deliveryId, deliveryId);
    return changes === 1 ? Number(lastInsertRowid) : undefined;
  }

  // ---- the delivery log ------------------------------------------------------------------------------------------

  deliveries(filter: DeliveryLogFilter, page: { offset: number; limit: number }): DeliveryLogEntry[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.appId !== undefined) {
      where.push('app_id = ?');
      args.push(filter.appId);
    }
    if (filter.eventId !== undefined) {
      where.push('event_id = ?');
      args.push(filter.eventId);
    }
    if (filter.eventType !== undefined) {
      where.push('event_type = ?');
      args.push(filter.eventType);
    }
    if (filter.status !== undefined) {
      where.push('outbox_id IN (SELECT id FROM callback_outbox WHERE status = ?)');
      args.push(filter.status);
    }
    const rows = this.#filtered
      .get<(string | number)[], LogRow>(
        `SELECT ${LOG_COLUMNS}
          FROM callback_delivery_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ? OFFSET ?`,
      )
      .all(...args, page.limit, page.offset);
    return rows.map(toLogEntry);
  }

  delivery(deliveryId: number): DeliveryRecord | undefined {
    const row = this.#sql.delivery.get(deliveryId);
    return row && toDelivery(row);
  }

  deliveriesOfEvent(eventId: string): DeliveryRecord[] {
    return this.#sql.deliveriesOfEvent.all(eventId).map(toDelivery);
  }

  attemptsOf(deliveryId: number): AttemptDetail[] {
    return this.#sql.attemptsOf
      .all(deliveryId)
      .map((r) => ({ ...toLogEntry(r), body: r.body ?? undefined, answer: r.answer ?? undefined }));
  }
}
