import type { Command } from 'commander';
import type { S3StorageOptions } from '@rtc-openapi/server';

/** The `--storage-*` flags as commander hands them over. */
export interface StorageFlags {
  storageEndpoint?: string;
  storageAccessKey?: string;
  storageSecretKey?: string;
  storageRegion?: string;
  storageVodBucket?: string;
}

/** Adds the `--storage-*` options (`vodBucket`: and --storage-vod-bucket, where recordings are made). */
export function addStorageOptions(command: Command, { vodBucket }: { vodBucket: boolean }): Command {
  command
    .option(
      '--storage-endpoint <url>',
      'store media task files on this S3-compatible server instead of the data directory (env RTC_STORAGE_ENDPOINT)',
    )
    .option('--storage-access-key <id>', 'access key of --storage-endpoint (env RTC_STORAGE_ACCESS_KEY)')
    .option(
      '--storage-secret-key <secret>',
      'secret key of --storage-endpoint (env RTC_STORAGE_SECRET_KEY, preferred: a flag shows in the process list)',
    )
    .option(
      '--storage-region <region>',
      'signing region of --storage-endpoint (env RTC_STORAGE_REGION; default us-east-1)',
    );
  if (vodBucket) {
    command.option(
      '--storage-vod-bucket <bucket>',
      'the bucket VOD recordings go to on --storage-endpoint (env RTC_STORAGE_VOD_BUCKET; default vod)',
    );
  }
  return command;
}

/**
 * The S3-compatible server of the `--storage-*` flags, each over its RTC_STORAGE_* variable; undefined without an
 * endpoint (files stay in the data directory). An endpoint needs both keys; keys without an endpoint are a mistake
 * too. The secret is never printed, not even in an error.
 */
export function s3StorageOptions(flags: StorageFlags, env: NodeJS.ProcessEnv): S3StorageOptions | undefined {
  const pick = (flag: string | undefined, name: string): string | undefined => flag ?? (env[name] || undefined);
  const endpoint = pick(flags.storageEndpoint, 'RTC_STORAGE_ENDPOINT');
  const accessKeyId = pick(flags.storageAccessKey, 'RTC_STORAGE_ACCESS_KEY');
  const secretAccessKey = pick(flags.storageSecretKey, 'RTC_STORAGE_SECRET_KEY');
  const region = pick(flags.storageRegion, 'RTC_STORAGE_REGION');
  const vodBucket = pick(flags.storageVodBucket, 'RTC_STORAGE_VOD_BUCKET');
  if (endpoint === undefined) {
    if (accessKeyId !== undefined || secretAccessKey !== undefined || region !== undefined || vodBucket !== undefined) {
      throw new Error(
        '--storage-access-key, --storage-secret-key, --storage-region and --storage-vod-bucket need --storage-endpoint (RTC_STORAGE_ENDPOINT)',
      );
    }
    return undefined;
  }
  if (!/^https?:\/\/[^/@\s]+/.test(endpoint)) {
    throw new Error('--storage-endpoint (RTC_STORAGE_ENDPOINT) must be an http:// or https:// URL without credentials');
  }
  if (accessKeyId === undefined) {
    throw new Error('--storage-endpoint needs --storage-access-key (RTC_STORAGE_ACCESS_KEY)');
  }
  if (secretAccessKey === undefined) {
    throw new Error('--storage-endpoint needs --storage-secret-key (RTC_STORAGE_SECRET_KEY)');
  }
  return {
    endpoint,
    accessKeyId,
    secretAccessKey,
    ...(region !== undefined && { region }),
    ...(vodBucket !== undefined && { vodBucket }),
  };
}
