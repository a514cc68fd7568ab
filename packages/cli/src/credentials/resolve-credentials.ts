import { DEFAULT_REGION } from '@rtc-openapi/client';
import { Option } from 'commander';
import { CliUsageError } from '../output/report-error.js';
import { credentialsFilePath, readProfiles, type Profile } from './profile-file.js';

export interface CredentialFlags {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  profile?: string;
  endpoint?: string;
  region?: string;
}

export interface ResolvedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  endpoint?: string;
  region?: string;
  /** Where the keys came from, for messages: never the keys themselves. */
  source: string;
}

export const credentialOptions = [
  new Option('--access-key-id <id>', 'access key id (else VOLC_ACCESSKEY, else the profile)'),
  new Option(
    '--secret-access-key <secret>',
    'secret access key (else VOLC_SECRETKEY, else the profile); visible to other local users in the process list, prefer the env or the profile',
  ),
  new Option('--session-token <token>', 'STS session token'),
  new Option('--profile <name>', 'profile of ~/.rtc-openapi/credentials (path: RTC_OPENAPI_CREDENTIALS_FILE)'),
  new Option('--endpoint <url>', 'service endpoint (default https://rtc.volcengineapi.com, or the profile)'),
  new Option('--region <region>', `signing region (default ${DEFAULT_REGION}, or the profile)`),
];

/**
 * Keys: flags, then VOLC_ACCESSKEY / VOLC_SECRETKEY, then the `default` profile. With `--profile`, the named
 * profile (which must exist) replaces the environment. Endpoint, region and session token: flags, else the profile
 * in use.
 */
export function resolveCredentials(flags: CredentialFlags, env: NodeJS.ProcessEnv = process.env): ResolvedCredentials {
  const path = credentialsFilePath(env);
  const name = flags.profile ?? 'default';
  let accessKeyId = flags.accessKeyId;
  let secretAccessKey = flags.secretAccessKey;
  let source = 'flags';
  if (flags.profile === undefined && (!accessKeyId || !secretAccessKey) && env.VOLC_ACCESSKEY && env.VOLC_SECRETKEY) {
    accessKeyId ??= env.VOLC_ACCESSKEY;
    secretAccessKey ??= env.VOLC_SECRETKEY;
    source = 'environment';
  }
  let profile: Profile | undefined;
  if (flags.profile !== undefined || !accessKeyId || !secretAccessKey) {
    profile = readProfiles(path)?.get(name);
    if (flags.profile !== undefined && profile === undefined)
      throw new CliUsageError(`no profile [${name}] in ${path}`);
    if (profile?.access_key_id && profile.secret_access_key && (!accessKeyId || !secretAccessKey)) {
      accessKeyId ??= profile.access_key_id;
      secretAccessKey ??= profile.secret_access_key;
      source = `profile [${name}] of ${path}`;
    }
  }
  if (!accessKeyId || !secretAccessKey) {
    throw new CliUsageError(
      'no credentials: pass --access-key-id and --secret-access-key, set VOLC_ACCESSKEY and VOLC_SECRETKEY, ' +
        `or put access_key_id and secret_access_key under [${name}] in ${path}`,
    );
  }
  const resolved: ResolvedCredentials = { accessKeyId, secretAccessKey, source };
  const sessionToken = flags.sessionToken ?? profile?.session_token;
  if (sessionToken) resolved.sessionToken = sessionToken;
  const endpoint = flags.endpoint ?? profile?.endpoint;
  if (endpoint) resolved.endpoint = endpoint;
  const region = flags.region ?? profile?.region;
  if (region) resolved.region = region;
  return resolved;
}
