import { actionVersions, getActionSpec, latestVersion } from '@rtc-openapi/api';
import { DEFAULT_TIMEOUT_MS, RtcClient, type RtcClientOptions } from '@rtc-openapi/client';
import type { Command } from 'commander';
import { credentialOptions, resolveCredentials, type CredentialFlags } from '../credentials/resolve-credentials.js';
import { printJson } from '../output/output-format.js';
import { CliUsageError, reportError } from '../output/report-error.js';
import { buildCallParams } from '../params/call-params.js';
import { parsePositiveInteger } from '../params/parse-number.js';

interface CallFlags extends CredentialFlags {
  version?: string;
  param: string[];
  json?: string;
  timeout?: number;
  retry: boolean;
}

export function registerCallCommand(program: Command): void {
  const command = program
    .command('call')
    .description('call an action and print its Result as JSON')
    .argument('<Action>', 'action name, e.g. ListApps (see: rtc-openapi actions)')
    .option('--version <version>', 'action version (default: the newest catalogued)')
    .option(
      '--param <key=value>',
      'a param; repeat for more; dotted keys for nested fields; JSON for arrays',
      collect,
      [],
    )
    .option('--json <file>', 'read params from a JSON file, or - for stdin (--param values go on top)')
    .option(
      '--timeout <ms>',
      `per-attempt timeout in milliseconds (default ${DEFAULT_TIMEOUT_MS})`,
      parsePositiveInteger,
    )
    .option('--no-retry', 'send once, even when the call is safe to repeat');
  for (const option of credentialOptions) command.addOption(option);
  command
    .addHelpText(
      'after',
      '\nOn failure the code, message and RequestId go to stderr; the exit status is 1 (2 for bad input).\n' +
        'Example: rtc-openapi call GetRecordTask --param AppId=... --param RoomId=room1 --param TaskId=rec1',
    )
    .action(async (action: string, flags: CallFlags) => {
      try {
        await call(action, flags);
      } catch (error) {
        reportError(error);
      }
    });
}

async function call(action: string, flags: CallFlags): Promise<void> {
  const version = flags.version ?? latestVersion(action);
  if (version === undefined) {
    throw new CliUsageError(`${action} is not a catalogued action (see: rtc-openapi actions)`);
  }
  const spec = getActionSpec(action, version);
  if (spec === undefined) {
    throw new CliUsageError(`${action} has no version ${version}; catalogued: ${actionVersions(action).join(', ')}`);
  }
  const params = buildCallParams(spec, flags.param, flags.json);
  const credentials = resolveCredentials(flags);
  const options: RtcClientOptions = {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    // One call from a shell: the client's throttle has nothing to spread.
    throttle: false,
  };
  if (credentials.sessionToken) options.sessionToken = credentials.sessionToken;
  if (credentials.endpoint) options.endpoint = credentials.endpoint;
  if (credentials.region) options.region = credentials.region;
  if (flags.timeout !== undefined) options.timeoutMs = flags.timeout;
  if (!flags.retry) options.retry = false;
  const client = new RtcClient(options);
  try {
    const result = await client.call(action, params, { version });
    printJson(result ?? null);
  } finally {
    await client.close();
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
