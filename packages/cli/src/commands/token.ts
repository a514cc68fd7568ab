import { AccessToken, Privilege, type PrivilegeName } from '@rtc-openapi/client';
import { Option, type Command } from 'commander';
import { formatOptions, outputFormat, printJson, type FormatFlags } from '../output/output-format.js';
import { CliUsageError, reportError } from '../output/report-error.js';
import { parseNonNegativeInteger } from '../params/parse-number.js';
import { renderFields } from '../output/render-table.js';
import { writeStdout } from '../output/write-stdout.js';

interface TokenFlags extends FormatFlags {
  appId: string;
  appKey?: string;
  room: string;
  user: string;
  expire: number;
  privileges: string;
  issuedAt?: number;
  nonce?: number;
  tokenOnly?: boolean;
}

/** Names on the command line -> privilege names of the token. */
const PRIVILEGES: Record<string, PrivilegeName> = {
  publish: 'PublishStream',
  'publish-audio': 'PublishAudioStream',
  'publish-video': 'PublishVideoStream',
  'publish-data': 'PublishDataStream',
  subscribe: 'SubscribeStream',
};

export function registerTokenCommand(program: Command): void {
  const command = program
    .command('token')
    .description('make a room-join AccessToken ("001" format)')
    .requiredOption('--app-id <id>', 'the 24-character AppId')
    .option('--app-key <key>', 'the AppKey that signs the token (else env RTC_APP_KEY)')
    .requiredOption('--room <roomId>', 'room id (may be empty for a messaging login token)')
    .requiredOption('--user <userId>', 'user id')
    .option('--expire <seconds>', 'lifetime in seconds from issue, 0 = never expires', parseNonNegativeInteger, 3600)
    .option(
      '--privileges <list>',
      `comma-separated: ${Object.keys(PRIVILEGES).join(', ')} (publish includes audio, video and data)`,
      'publish,subscribe',
    )
    .option('--token-only', 'print the token alone, for $(...) in scripts')
    .addOption(new Option('--issued-at <unix>', 'issue time (default now)').argParser(parseNonNegativeInteger))
    .addOption(new Option('--nonce <n>', 'nonce (default random)').argParser(parseNonNegativeInteger));
  for (const option of formatOptions) command.addOption(option);
  command.action((flags: TokenFlags) => {
    try {
      makeToken(flags);
    } catch (error) {
      reportError(error);
    }
  });
}

function makeToken(flags: TokenFlags): void {
  const appKey = flags.appKey ?? process.env.RTC_APP_KEY;
  if (!appKey) throw new CliUsageError('no AppKey: pass --app-key or set RTC_APP_KEY');
  const issuedAt = flags.issuedAt ?? Math.floor(Date.now() / 1000);
  const expireAt = flags.expire === 0 ? 0 : issuedAt + flags.expire;
  const names = flags.privileges
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (names.length === 0) throw new CliUsageError('--privileges: name at least one privilege');
  const token = new AccessToken({
    appId: flags.appId,
    roomId: flags.room,
    userId: flags.user,
    issuedAt,
    expireAt,
    ...(flags.nonce === undefined ? {} : { nonce: flags.nonce }),
  });
  for (const name of names) {
    const privilege = PRIVILEGES[name];
    if (privilege === undefined) {
      throw new CliUsageError(`--privileges: unknown privilege ${name}; known: ${Object.keys(PRIVILEGES).join(', ')}`);
    }
    // The docs advise privileges expiring with the token.
    token.addPrivilege(privilege, expireAt);
  }
  const serialized = token.serialize(appKey);
  if (flags.tokenOnly) {
    writeStdout(`${serialized}\n`);
    return;
  }
  const parsed = AccessToken.parse(serialized);
  const granted = Object.entries(Privilege)
    .filter(([, id]) => parsed.privileges[id] !== undefined)
    .map(([name]) => name);
  if (outputFormat(flags) === 'json') {
    printJson({ token: serialized, ...parsed, privilegeNames: granted });
    return;
  }
  writeStdout(
    renderFields([
      ['token', serialized],
      ['app id', parsed.appId],
      ['room', parsed.roomId],
      ['user', parsed.userId],
      ['issued at', new Date(parsed.issuedAt * 1000).toISOString()],
      ['expires', parsed.expireAt === 0 ? 'never' : new Date(parsed.expireAt * 1000).toISOString()],
      ['privileges', granted.join(', ')],
    ]),
  );
}
