import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import {
  createRtcServer,
  DEFAULT_DATA_DIR,
  generateAdminToken,
  rateLimitScaleFromEnv,
  RedisRateLimiter,
  timeScaleFromEnv,
  type DevCredentials,
  type TaskStorageOptions,
} from '@rtc-openapi/server';
import { addStorageOptions, s3StorageOptions, type StorageFlags } from './storage-options.js';

interface ServeOptions extends StorageFlags {
  host: string;
  port: number;
  data: string;
  dev?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  adminToken?: string;
  logLevel: string;
  redisUrl?: string;
  timeScale?: string;
  llmEndpoint?: string;
  recordUploadDone?: boolean;
  musicCatalogue?: string;
  fetchAllow?: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

export function registerServeCommand(program: Command): void {
  const serveCommand = program
    .command('serve')
    .description('run the RTC OpenAPI server (embedded SQLite in the data directory)')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on (env RTC_PORT)', parsePort, parsePort(process.env.RTC_PORT ?? '8080'))
    .option('--data <dir>', 'data directory (env RTC_DATA_DIR)', process.env.RTC_DATA_DIR ?? DEFAULT_DATA_DIR)
    .option('--dev', 'seed a dev account, key and app once, and print them (env RTC_DEV_* override the defaults)')
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS (needs --tls-key)')
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .option(
      '--admin-token <token>',
      'bearer token of the admin API under /admin/ (env RTC_ADMIN_TOKEN; default: generated and printed)',
    )
    .option('--log-level <level>', `one of ${LOG_LEVELS.join(', ')}`, 'info')
    .option(
      '--redis-url <url>',
      'keep rate limits in this Redis, shared by every node pointed at it (env RTC_REDIS_URL; default: in memory)',
    )
    .option(
      '--time-scale <factor>',
      'run media task timers (idle timeouts, record time limits) this many times faster (env RTC_TIME_SCALE; default 1)',
    )
    .option(
      '--llm-endpoint <url>',
      'OpenAI-compatible chat-completions URL the voice agents use for LLMConfig.Mode ArkV3 and CozeBot (env RTC_LLM_ENDPOINT, bearer key RTC_LLM_API_KEY; default: the built-in echo model)',
    );
  addStorageOptions(serveCommand, { vodBucket: true })
    .option(
      '--record-upload-done',
      "send the RecordUploadDone callback (an unverified event name) once a recording's files are stored (env RTC_RECORD_UPLOAD_DONE=1)",
    )
    .option(
      '--music-catalogue <file>',
      'JSON file of songs and hot lists for the music actions (env RTC_MUSIC_CATALOGUE; default: the shipped demo catalogue)',
    )
    .option(
      '--fetch-allow <list>',
      'where caller-given URLs (documents, pages, callbacks, LLMs, relay sources, pushes) may be fetched from besides public addresses: a comma list of loopback, private, link-local, CIDR blocks, addresses, host names, *.domain, * (everything) or none (env RTC_FETCH_ALLOW; default loopback)',
    )
    .addHelpText(
      'after',
      '\nRTC_RATE_LIMIT_SCALE=10 multiplies every rate limit. Logs are JSON lines on stdout; the --dev banner goes to stderr.',
    )
    .action(async (options: ServeOptions, command: Command) => {
      const problem = checkOptions(options);
      if (problem) command.error(`error: ${problem}`);
      try {
        await serve(options);
      } catch (error) {
        // A start-up failure (port taken, unreadable certificate, bad variable, wrong master key) in one line.
        process.stderr.write(`rtc-openapi serve: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      }
    });
}

function checkOptions(options: ServeOptions): string | undefined {
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) return '--tls-cert and --tls-key go together';
  if (!(LOG_LEVELS as readonly string[]).includes(options.logLevel)) {
    return `--log-level must be one of ${LOG_LEVELS.join(', ')}`;
  }
  return undefined;
}

async function serve(options: ServeOptions): Promise<void> {
  const configuredToken = options.adminToken ?? process.env.RTC_ADMIN_TOKEN;
  // Without a configured token the admin API still runs, with a token made now and shown once (docs/admin-api.md).
  const adminToken = configuredToken !== undefined && configuredToken !== '' ? configuredToken : generateAdminToken();
  const redisUrl = options.redisUrl ?? (process.env.RTC_REDIS_URL || undefined);
  const musicCatalogue = options.musicCatalogue ?? (process.env.RTC_MUSIC_CATALOGUE || undefined);
  const fetchAllow = options.fetchAllow ?? (process.env.RTC_FETCH_ALLOW || undefined);
  if (redisUrl !== undefined && !/^rediss?:\/\/./.test(redisUrl)) {
    throw new Error('--redis-url (RTC_REDIS_URL) must be a redis:// or rediss:// URL');
  }
  const llmUrl = options.llmEndpoint ?? (process.env.RTC_LLM_ENDPOINT || undefined);
  if (llmUrl !== undefined && !/^https?:\/\/./.test(llmUrl)) {
    throw new Error('--llm-endpoint (RTC_LLM_ENDPOINT) must be an http:// or https:// URL');
  }
  const llmKey = process.env.RTC_LLM_API_KEY || undefined;
  const server = createRtcServer({
    host: options.host,
    port: options.port,
    dataDir: options.data,
    dev: options.dev === true,
    rateLimitScale: rateLimitScaleFromEnv(process.env.RTC_RATE_LIMIT_SCALE),
    // A bad value is a start-up error naming the variable (or the flag's value).
    timeScale: timeScaleFromEnv(options.timeScale ?? process.env.RTC_TIME_SCALE),
    taskStorage: taskStorageOptions(options, process.env),
    logLevel: options.logLevel as LogLevel,
    adminToken,
    ...(llmUrl !== undefined && { llmEndpoint: { url: llmUrl, ...(llmKey !== undefined && { apiKey: llmKey }) } }),
    ...(musicCatalogue !== undefined && { musicCatalogue }),
    ...(fetchAllow !== undefined && { fetchAllow }),
    ...(redisUrl !== undefined && { rateLimiter: sharedRateLimiter(redisUrl) }),
    ...(options.tlsCert !== undefined &&
      options.tlsKey !== undefined && {
        tls: { cert: readFileSync(options.tlsCert), key: readFileSync(options.tlsKey) },
      }),
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`${signal}: finishing in-flight requests, then stopping\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  let url: string;
  try {
    url = await server.listen();
  } catch (error) {
    await server.close();
    throw error;
  }
  process.stderr.write(`rtc-openapi server listening on ${url} (data: ${options.data})\n`);
  process.stderr.write(`web console at ${url}/console (sign in with the admin token)\n`);
  if (configuredToken === undefined || configuredToken === '') {
    process.stderr.write(
      `admin API at ${url}/admin/ with bearer token ${adminToken} (generated; set --admin-token to choose one)\n`,
    );
  }
  if (server.devCredentials) process.stderr.write(devBanner(url, server.devCredentials));
}

/** Where media task files go (`--storage-*`, docs/tasks.md) and whether RecordUploadDone is sent. */
function taskStorageOptions(options: ServeOptions, env: NodeJS.ProcessEnv): TaskStorageOptions {
  const recordUploadDone = options.recordUploadDone === true || env.RTC_RECORD_UPLOAD_DONE === '1';
  const s3 = s3StorageOptions(options, env);
  return { ...(s3 && { s3 }), recordUploadDone };
}

/**
 * Rate limits in Redis. Connection trouble is told on stderr once per distinct message (the URL, which may carry a
 * password, never); meanwhile calls answer InternalError rather than run without the shared limits.
 */
function sharedRateLimiter(url: string): RedisRateLimiter {
  let last = '';
  return new RedisRateLimiter({
    url,
    onConnectionError: (error) => {
      if (error.message === last) return;
      last = error.message;
      process.stderr.write(`rtc-openapi serve: Redis (rate limits): ${error.message}\n`);
    },
  });
}

/** Printed to the operator's terminal on purpose (it is how they get the dev secrets); never sent to the log. */
function devBanner(url: string, dev: DevCredentials): string {
  return [
    '',
    'Dev credentials (seeded once in the data directory; RTC_DEV_* variables override them):',
    `  AccessKeyId      ${dev.accessKeyId}`,
    `  SecretAccessKey  ${dev.secretAccessKey}`,
    `  AppId            ${dev.appId}`,
    `  AppKey           ${dev.appKey}`,
    '',
    'Try it:',
    `  export VOLC_ACCESSKEY=${dev.accessKeyId} VOLC_SECRETKEY=${dev.secretAccessKey}`,
    `  npx rtc-openapi call ListApps --endpoint ${url}`,
    '',
    'or from Node with the official SDK:',
    `  const { rtcOpenapi } = require('@volcengine/openapi'); const s = new rtcOpenapi.RtcService({ host: '${new URL(url).host}', protocol: '${new URL(url).protocol}', accessKeyId: '${dev.accessKeyId}', secretKey: '${dev.secretAccessKey}' });`,
    `  s.createAPI('ListApps', { method: 'POST', contentType: 'json', Version: '2023-11-01' })({}).then(console.log);`,
    '',
  ].join('\n');
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`port must be an integer from 0 to 65535, got "${value}"`);
  }
  return port;
}
