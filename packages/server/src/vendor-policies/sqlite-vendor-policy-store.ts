import type { Database } from '../store/database.js';
import { RecordError } from '../store/record-error.js';
import type {
  FailRecoveryPolicy,
  FailRecoveryQuery,
  NewFailRecovery,
  NewVendorPolicy,
  VendorPolicy,
  VendorPolicyStore,
} from './vendor-policy-store.js';

interface VendorRow {
  id: number;
  app_id: string;
  business_id: string;
  room_id: string;
  vendor_proportion: string;
  created_at: number;
  updated_at: number;
}

interface FailRow {
  id: number;
  app_id: string;
  room_id: string;
  from_vendor: string;
  to_vendor: string;
  recovery_percentage: number;
  created_at: number;
  updated_at: number;
}

const vendorPolicy = (r: VendorRow): VendorPolicy => ({
  id: r.id,
  appId: r.app_id,
  businessId: r.business_id,
  roomId: r.room_id,
  vendorProportion: r.vendor_proportion,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const failRecovery = (r: FailRow): FailRecoveryPolicy => ({
  id: r.id,
  appId: r.app_id,
  roomId: r.room_id,
  fromVendor: r.from_vendor,
  toVendor: r.to_vendor,
  recoveryPercentage: r.recovery_percentage,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const ORDER_SQL = { updateTime: 'updated_at DESC, id DESC', createTime: 'created_at DESC, id DESC', id: 'id ASC' };

const notFound = (id: number) => new RecordError('not-found', `ID ${id} names no policy of this account`, 'ID');

/** The vendor_policies and fail_recovery_policies tables (`migrations.ts`), each statement prepared once. */
export class SqliteVendorPolicyStore implements VendorPolicyStore {
  readonly #sql;

  constructor(db: Database) {
    this.#sql = {
      insertVendor: db.prepare<NewVendorPolicy, VendorRow>(
        `INSERT INTO vendor_policies (account_id, app_id, business_id, room_id, vendor_proportion, created_at,
          updated_at) VALUES (@accountId, @appId, @businessId, @roomId, @vendorProportion, @at, @at)
          ON CONFLICT DO NOTHING RETURNING *`,
      ),
      existingVendor: db
        .prepare<[string, string, string], number>(
          'SELECT id FROM vendor_policies WHERE app_id = ? AND business_id = ? AND room_id = ?',
        )
        .pluck(),
      updateVendor: db.prepare<[string, number, number, string], VendorRow>(
        `UPDATE vendor_policies SET vendor_proportion = ?, updated_at = ? WHERE id = ? AND account_id = ?
          RETURNING *`,
      ),
      insertFail: db.prepare<NewFailRecovery, FailRow>(
        `INSERT INTO fail_recovery_policies (account_id, app_id, room_id, from_vendor, to_vendor,
          recovery_percentage, created_at, updated_at)
          VALUES (@accountId, @appId, @roomId, @fromVendor, @toVendor, 0, @at, @at)
          ON CONFLICT DO NOTHING RETURNING *`,
      ),
      existingFail: db
        .prepare<[string, string, string], number>(
          'SELECT id FROM fail_recovery_policies WHERE app_id = ? AND room_id = ? AND from_vendor = ?',
        )
        .pluck(),
      updateFail: db.prepare<[number, number, number, string], FailRow>(
        `UPDATE fail_recovery_policies SET recovery_percentage = ?, updated_at = ? WHERE id = ? AND account_id = ?
          RETURNING *`,
      ),
      deleteFail: db.prepare<[number, string]>('DELETE FROM fail_recovery_policies WHERE id = ? AND account_id = ?'),
      listFail: Object.fromEntries(
        Object.entries(ORDER_SQL).map(([order, sql]) => [
          order,
          db.prepare<FailRecoveryQuery, FailRow>(
            `SELECT * FROM fail_recovery_policies WHERE app_id = @appId
              AND (@roomId = '' OR room_id = @roomId) AND (@fromVendor = '' OR from_vendor = @fromVendor)
              AND (@toVendor = '' OR to_vendor = @toVendor) ORDER BY ${sql} LIMIT 1000`,
          ),
        ]),
      ),
    };
  }

  insertVendorPolicy(p: NewVendorPolicy): VendorPolicy {
    const row = this.#sql.insertVendor.get(p);
    if (row === undefined) {
      const id = this.#sql.existingVendor.get(p.appId, p.businessId, p.roomId);
      throw new RecordError(
        'conflict',
        `RoomID ${p.roomId} of BusinessID ${p.businessId} has a policy (ID ${id})`,
        'RoomID',
      );
    }
    return vendorPolicy(row);
  }

  updateVendorPolicy(accountId: string, id: number, vendorProportion: string, at: number): VendorPolicy {
    const row = this.#sql.updateVendor.get(vendorProportion, at, id, accountId);
    if (row === undefined) throw notFound(id);
    return vendorPolicy(row);
  }

  insertFailRecovery(p: NewFailRecovery): FailRecoveryPolicy {
    const row = this.#sql.insertFail.get(p);
    if (row === undefined) {
      const id = this.#sql.existingFail.get(p.appId, p.roomId, p.fromVendor);
      throw new RecordError(
        'conflict',
        `FromVendor ${p.fromVendor} of RoomID ${p.roomId} has a fail-recovery policy (ID ${id})`,
        'FromVendor',
      );
    }
    return failRecovery(row);
  }

  updateFailRecovery(accountId: string, id: number, recoveryPercentage: number, at: number): FailRecoveryPolicy {
    const row = this.#sql.updateFail.get(recoveryPercentage, at, id, accountId);
    if (row === undefined) throw notFound(id);
    return failRecovery(row);
  }

  deleteFailRecovery(accountId: string, id: number): void {
    if (this.#sql.deleteFail.run(id, accountId).changes === 0) throw notFound(id);
  }

  listFailRecovery(q: FailRecoveryQuery): FailRecoveryPolicy[] {
    return this.#sql.listFail[q.orderBy]!.all(q).map(failRecovery);
  }
}
