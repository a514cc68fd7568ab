import { ApiError } from '../errors/api-error.js';
import { bucketProblem } from '../storage/object-store.js';
import type { RecordingStorage } from '../tasks/recording/recording-spec.js';
import type { TaskStorage } from '../tasks/task-storage.js';

/** StorageConfig as snapshots and segments take it (2022-06-01 on). */
export interface StorageConfigParam {
  Type?: number;
  TosConfig?: { AccountId: string; Bucket: string; Region?: number };
  VodConfig?: {
    AccountId: string;
    Space: string;
    Region?: number;
    AutoSetFileExtension?: boolean;
    StorageClass?: number;
  };
  CustomConfig?: { Bucket: string; AccessKey: string; SecretKey: string; Region?: number; Vendor?: number };
  VeImageXConfig?: { AccountId: string; ServiceId: string; Region?: number };
}

/** 2020-12-01's TosConfig (TOS only). */
export interface TosConfig2020Param {
  Bucket: string;
  EndPoint: string;
  Region: string;
  UserAccountId: string;
}

export type TaskStorageParams = { StorageConfig: StorageConfigParam } | { TosConfig: TosConfig2020Param };

/** A task's storage, and the StorageConfig its Get*Task answers with (secrets left out). */
export interface ReadStorage<S extends TaskStorage = TaskStorage> {
  storage: S;
  echo: Record<string, unknown>;
}

const invalid = (message: string): ApiError => new ApiError('InvalidParameter', message);

/**
 * Reads the storage params of StartSnapshot / StartSegment (every version) into where the files go, refusing with
 * the field named what the schema cannot check. veImageX (Type 3) is for snapshots only (`imageX`).
 * A CustomConfig's AccessKey and SecretKey are neither kept nor echoed (docs/tasks.md).
 */
export function readTaskStorage(params: TaskStorageParams, options: { imageX: boolean }): ReadStorage {
  if ('TosConfig' in params) {
    const tos = params.TosConfig;
    if (tos.UserAccountId === '') {
      throw new ApiError('InvalidParameter.EmptyAccountId', 'TosConfig.UserAccountId is empty');
    }
    return {
      storage: { type: 'object', bucket: bucketField(tos.Bucket, 'TosConfig.Bucket'), vendor: 'tos' },
      echo: { Type: 0, TosConfig: { AccountId: tos.UserAccountId, Bucket: tos.Bucket } },
    };
  }
  return readStorageConfig(params.StorageConfig, options);
}

/**
 * A StorageConfig (2022-06-01 on; recordings, snapshots, segments): Type 0 TOS, 1 VOD, 2 S3-compatible, and with
 * `imageX` 3 veImageX; without `imageX`, Type 3 is refused, so the storage is one a recording can write to.
 */
export function readStorageConfig(
  config: StorageConfigParam,
  options: { imageX: false },
): ReadStorage<RecordingStorage>;
export function readStorageConfig(config: StorageConfigParam, options: { imageX: boolean }): ReadStorage;
export function readStorageConfig(config: StorageConfigParam, options: { imageX: boolean }): ReadStorage {
  const type = config.Type ?? 0;
  switch (type) {
    case 0: {
      const tos = required(config.TosConfig, 'StorageConfig.TosConfig', type);
      emptyAccount(tos.AccountId, 'StorageConfig.TosConfig.AccountId');
      return {
        storage: { type: 'object', bucket: bucketField(tos.Bucket, 'StorageConfig.TosConfig.Bucket'), vendor: 'tos' },
        echo: { Type: 0, TosConfig: tos },
      };
    }
    case 1: {
      const vod = required(config.VodConfig, 'StorageConfig.VodConfig', type);
      emptyAccount(vod.AccountId, 'StorageConfig.VodConfig.AccountId');
      return {
        storage: { type: 'vod', space: spaceField(vod.Space, 'StorageConfig.VodConfig.Space') },
        echo: { Type: 1, VodConfig: vod },
      };
    }
    case 2: {
      const custom = required(config.CustomConfig, 'StorageConfig.CustomConfig', type);
      const kept = { Bucket: custom.Bucket, Vendor: custom.Vendor ?? 0, Region: custom.Region ?? 0 };
      return {
        storage: {
          type: 'object',
          bucket: bucketField(custom.Bucket, 'StorageConfig.CustomConfig.Bucket'),
          vendor: 'custom',
        },
        echo: { Type: 2, CustomConfig: kept },
      };
    }
    case 3: {
      if (!options.imageX) throw invalid('StorageConfig.Type 3 (veImageX) stores snapshots only; use 0, 1 or 2');
      const imageX = required(config.VeImageXConfig, 'StorageConfig.VeImageXConfig', type);
      emptyAccount(imageX.AccountId, 'StorageConfig.VeImageXConfig.AccountId');
      return {
        storage: {
          type: 'imagex',
          serviceId: spaceField(imageX.ServiceId, 'StorageConfig.VeImageXConfig.ServiceId'),
        },
        echo: { Type: 3, VeImageXConfig: imageX },
      };
    }
    default:
      throw invalid(`StorageConfig.Type must be 0 (TOS), 1 (VOD), 2 (S3-compatible) or 3 (veImageX), got ${type}`);
  }
}

function required<T>(value: T | undefined, field: string, type: number): T {
  if (value === undefined) throw invalid(`${field} is required when StorageConfig.Type is ${type}`);
  return value;
}

function emptyAccount(account: string, field: string): void {
  if (account === '') throw new ApiError('InvalidParameter.EmptyAccountId', `${field} is empty`);
}

/** A bucket name (`field` names it in the error). */
export function bucketField(value: string, field: string): string {
  if (bucketProblem(value)) throw invalid(`${field} must be 3 to 63 lowercase letters, digits, dots and hyphens`);
  return value;
}

/** A VOD space or veImageX service id: one path segment (`field` names it in the error). */
export function spaceField(value: string, field: string): string {
  if (!/^[A-Za-z0-9][\w.-]{0,127}$/.test(value)) throw invalid(`${field} must be letters, digits, _ . and -`);
  return value;
}
