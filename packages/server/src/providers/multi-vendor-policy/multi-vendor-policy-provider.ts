import { whenReady } from '../../awaitable.js';
import { ApiError } from '../../errors/api-error.js';
import { RecordError } from '../../store/record-error.js';
import type { FailRecoveryPolicy, VendorPolicy, VendorPolicyStore } from '../../vendor-policies/vendor-policy-store.js';
import { defineProvider, type Provider } from '../provider.js';
import {
  idParam,
  orderParam,
  percentageParam,
  recordIdParam,
  vendorParam,
  vendorProportionParam,
} from './policy-params.js';

const vendorWire = (p: VendorPolicy) => ({
  ID: p.id,
  AppID: p.appId,
  BusinessID: p.businessId,
  RoomID: p.roomId,
  VendorProportion: p.vendorProportion,
  CreateTime: p.createdAt,
  UpdateTime: p.updatedAt,
});

/** The catalog types this UpdateTime as a string (of ms) and the vendor policy's as an integer. */
const failWire = (p: FailRecoveryPolicy) => ({
  ID: p.id,
  AppID: p.appId,
  RoomID: p.roomId,
  FromVendor: p.fromVendor,
  ToVendor: p.toVendor,
  RecoveryPercentage: p.recoveryPercentage,
  CreateTime: p.createdAt,
  UpdateTime: String(p.updatedAt),
});

/** A store's RecordError as InvalidParameter naming the field (its message starts with it). */
function guarded<T>(run: () => T): T {
  try {
    const value = run();
    return value instanceof Promise ? (value.catch(rethrow) as T) : value;
  } catch (error) {
    return rethrow(error);
  }
}

function rethrow(error: unknown): never {
  if (error instanceof RecordError) throw new ApiError('InvalidParameter', error.message);
  throw error;
}

/**
 * Multi-vendor routing policies per app (docs/data-and-tail.md): stored, validated, and scoped to the caller's
 * account; the actions that name a policy by ID alone find only the caller's own.
 */
export function multiVendorPolicyProvider(
  store: VendorPolicyStore,
  now: () => number,
): Provider<'multi-vendor-policy'> {
  return defineProvider('multi-vendor-policy', {
    CreateVendorPolicy: ({ params }, { app }) => {
      const input = {
        accountId: app.accountId,
        appId: app.appId,
        businessId: idParam(params.BusinessID, 'BusinessID'),
        roomId: idParam(params.RoomID, 'RoomID'),
        vendorProportion: vendorProportionParam(params.VendorProportion),
        at: now(),
      };
      return guarded(() => whenReady(store.insertVendorPolicy(input), (p) => ({ Policy: vendorWire(p) })));
    },

    UpdateVendorPolicy: ({ params }, { principal }) => {
      const id = recordIdParam(params.ID);
      const proportion = vendorProportionParam(params.VendorProportion);
      return guarded(() =>
        whenReady(store.updateVendorPolicy(principal.accountId, id, proportion, now()), (p) => ({
          Policy: vendorWire(p),
        })),
      );
    },

    CreateFailRecoveryPolicy: ({ params }, { app }) => {
      const fromVendor = vendorParam(params.FromVendor, 'FromVendor');
      const toVendor = vendorParam(params.ToVendor, 'ToVendor');
      if (fromVendor === toVendor) throw new ApiError('InvalidParameter', 'ToVendor must differ from FromVendor');
      const input = {
        accountId: app.accountId,
        appId: app.appId,
        roomId: idParam(params.RoomID, 'RoomID'),
        fromVendor,
        toVendor,
        at: now(),
      };
      return guarded(() => whenReady(store.insertFailRecovery(input), (p) => ({ Policy: failWire(p) })));
    },

    UpdateFailRecoveryPolicy: ({ params }, { principal }) => {
      const id = recordIdParam(params.ID);
      const share = percentageParam(params.RecoveryPercentage);
      return guarded(() =>
        whenReady(store.updateFailRecovery(principal.accountId, id, share, now()), (p) => ({ Policy: failWire(p) })),
      );
    },

    DeleteFailRecoveryPolicy: ({ params }, { principal }) => {
      const id = recordIdParam(params.ID);
      return guarded(() => whenReady(store.deleteFailRecovery(principal.accountId, id), () => 'ok'));
    },

    /** The filters are required by the schema; an empty one matches any value. */
    GetFailRecoveryPolicies: ({ params }, { app }) => {
      const query = {
        appId: app.appId,
        roomId: params.RoomID === '' ? '' : idParam(params.RoomID, 'RoomID'),
        fromVendor: params.FromVendor === '' ? '' : vendorParam(params.FromVendor, 'FromVendor'),
        toVendor: params.ToVendor === '' ? '' : vendorParam(params.ToVendor, 'ToVendor'),
        orderBy: orderParam(params.OrderBy),
      };
      return guarded(() => whenReady(store.listFailRecovery(query), (list) => ({ Policies: list.map(failWire) })));
    },
  });
}
