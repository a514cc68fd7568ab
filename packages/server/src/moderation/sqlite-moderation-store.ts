import type { Database } from '../store/database.js';
import { PreparedStatements } from '../store/prepared-statements.js';
import type {
  DeliveryOutcome,
  DeliveryState,
  DetectionResult,
  ModerationRule,
  ModerationStore,
  NewDetectionResult,
  ResultFilter,
  Violation,
} from './moderation-store.js';

interface RuleRow {
  app_id: string;
  room_id: string;
  user_id: string;
  violations: string;
  updated_at: number;
}

interface ResultRow {
  id: number;
  event_id: string;
  app_id: string;
  room_id: string;
  user_id: string;
  media_type: 1 | 2;
  suggest: 'PASS' | 'REJECT';
  labels: string;
  from_ms: number;
  to_ms: number;
  at: number;
  delivery: DeliveryState;
  attempts: number;
  http_status: number | null;
  error: string | null;
}

/** The moderation_rules and detection_results tables (`migrations.ts`). */
export class SqliteModerationStore implements ModerationStore {
  readonly #statements: PreparedStatements;
  readonly #sql;

  constructor(db: Database) {
    this.#statements = new PreparedStatements(db);
    this.#sql = {
      setRule: db.prepare(
        `INSERT INTO moderation_rules (app_id, room_id, user_id, violations, updated_at)
         VALUES (@appId, @roomId, @userId, @violations, @updatedAt)
         ON CONFLICT (app_id, room_id, user_id)
         DO UPDATE SET violations = excluded.violations, updated_at = excluded.updated_at`,
      ),
      removeRule: db.prepare<[string, string, string]>(
        'DELETE FROM moderation_rules WHERE app_id = ? AND room_id = ? AND user_id = ?',
      ),
      rulesOfApp: db.prepare<[string], RuleRow>(
        'SELECT * FROM moderation_rules WHERE app_id = ? ORDER BY room_id, user_id',
      ),
      rulesOfRoom: db.prepare<[string, string], RuleRow>(
        'SELECT * FROM moderation_rules WHERE app_id = ? AND room_id = ? ORDER BY user_id',
      ),
      addResult: db.prepare(
        `INSERT INTO detection_results (event_id, app_id, room_id, user_id, media_type, suggest, labels, from_ms,
           to_ms, at, delivery)
         VALUES (@eventId, @appId, @roomId, @userId, @mediaType, @suggest, @labels, @fromMs, @toMs, @at, @delivery)`,
      ),
      recordDelivery: db.prepare(
        `UPDATE detection_results SET delivery = @delivery, attempts = @attempts, http_status = @httpStatus,
           error = @error WHERE id = @id`,
      ),
      failPending: db.prepare<[string]>(
        "UPDATE detection_results SET delivery = 'failed', error = ? WHERE delivery = 'pending'",
      ),
      pruneResults: db.prepare<[number]>('DELETE FROM detection_results WHERE at < ?'),
    };
  }

  setRule(rule: ModerationRule): void {
    this.#sql.setRule.run({ ...rule, violations: JSON.stringify(rule.violations) });
  }

  removeRule(appId: string, roomId: string, userId: string): boolean {
    return this.#sql.removeRule.run(appId, roomId, userId).changes > 0;
  }

  rules(appId: string, roomId?: string): ModerationRule[] {
    const rows = roomId === undefined ? this.#sql.rulesOfApp.all(appId) : this.#sql.rulesOfRoom.all(appId, roomId);
    return rows.map(ruleOf);
  }

  addResult(result: NewDetectionResult): number {
    const info = this.#sql.addResult.run({ ...result, labels: JSON.stringify(result.labels) });
    return Number(info.lastInsertRowid);
  }

  recordDelivery(id: number, outcome: DeliveryOutcome): void {
    this.#sql.recordDelivery.run({
      id,
      delivery: outcome.delivery,
      attempts: outcome.attempts,
      httpStatus: outcome.httpStatus ?? null,
      error: outcome.error ?? null,
    });
  }

  results(filter: ResultFilter, page: { offset: number; limit: number }) {
    // The WHERE clause from fixed fragments only; values are bound.
    const conditions = [
      filter.appId === undefined ? '' : 'app_id = @appId',
      filter.roomId === undefined ? '' : 'room_id = @roomId',
      filter.userId === undefined ? '' : 'user_id = @userId',
    ].filter((c) => c !== '');
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
    const values = {
      ...(filter.appId !== undefined && { appId: filter.appId }),
      ...(filter.roomId !== undefined && { roomId: filter.roomId }),
      ...(filter.userId !== undefined && { userId: filter.userId }),
    };
    const { total } = this.#statements
      .get<object, { total: number }>(`SELECT count(*) AS total FROM detection_results ${where}`)
      .get(values)!;
    const rows = this.#statements
      .get<object, ResultRow>(`SELECT * FROM detection_results ${where} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...values, ...page });
    return { total, results: rows.map(resultOf) };
  }

  failPending(reason: string): number {
    return this.#sql.failPending.run(reason).changes;
  }

  pruneResults(before: number): number {
    return this.#sql.pruneResults.run(before).changes;
  }
}

function ruleOf(row: RuleRow): ModerationRule {
  return {
    appId: row.app_id,
    roomId: row.room_id,
    userId: row.user_id,
    violations: JSON.parse(row.violations) as Violation[],
    updatedAt: row.updated_at,
  };
}

function resultOf(row: ResultRow): DetectionResult {
  return {
    id: row.id,
    eventId: row.event_id,
    appId: row.app_id,
    roomId: row.room_id,
    userId: row.user_id,
    mediaType: row.media_type,
    suggest: row.suggest,
    labels: JSON.parse(row.labels) as string[],
    fromMs: row.from_ms,
    toMs: row.to_ms,
    at: row.at,
    delivery: row.delivery,
    attempts: row.attempts,
    ...(row.http_status !== null && { httpStatus: row.http_status }),
    ...(row.error !== null && { error: row.error }),
  };
}
