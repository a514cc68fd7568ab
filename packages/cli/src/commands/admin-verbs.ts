import { InvalidArgumentError, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdminOperations,
  DATABASE_FILE_NAME,
  DEFAULT_DATA_DIR,
  openKeptUploads,
  openServices,
  RecordError,
} from '@rtc-openapi/server';
import { formatHuman } from './admin-output.js';
import { s3StorageOptions, type StorageFlags } from './storage-options.js';

// The shape of every `rtc-openapi admin <noun> <verb>`: the verb's operation run on the data directory's services,
// its result printed, a failure on stderr with the field it names and exit code 1.

interface CommonOptions {
  data: string;
  json?: boolean;
}

export type Run = (ops: AdminOperations, args: string[], options: Record<string, unknown>) => Promise<unknown>;

export function noun(admin: Command, name: string, description: string): Command {
  return admin.command(name).description(description);
}

export function verb(
  parent: Command,
  name: string,
  description: string,
  run: Run,
  { mayCreateDataDir = false, keptUploads = false } = {},
): Command {
  return parent
    .command(name)
    .description(description)
    .option('--data <dir>', 'data directory (env RTC_DATA_DIR)', process.env.RTC_DATA_DIR ?? DEFAULT_DATA_DIR)
    .option('--json', 'print JSON')
    .action(async (...received: unknown[]) => {
      const command = received.at(-1) as Command;
      const options = command.opts<CommonOptions & Record<string, unknown>>();
      await execute(options, { mayCreateDataDir, keptUploads }, (ops) =>
        run(ops, command.processedArgs as string[], options),
      );
    });
}

export function paged(command: Command): Command {
  return command.option('--offset <n>', 'skip this many').option('--limit <n>', 'at most this many');
}

export function owner(command: Command): Command {
  return command.option('--user-id <id>', 'the user').option('--account-id <id>', "the account's main user");
}

export function ownerOf(options: Record<string, unknown>): { userId: string } | { accountId: string } {
  const userId = options.userId as string | undefined;
  const accountId = options.accountId as string | undefined;
  if ((userId === undefined) === (accountId === undefined)) {
    throw new InvalidArgumentError('give exactly one of --user-id and --account-id');
  }
  return userId !== undefined ? { userId } : { accountId: accountId! };
}

async function execute(
  options: CommonOptions & StorageFlags,
  { mayCreateDataDir, keptUploads }: { mayCreateDataDir: boolean; keptUploads: boolean },
  run: (ops: AdminOperations) => Promise<unknown>,
): Promise<void> {
  let services: ReturnType<typeof openServices> | undefined;
  let kept: ReturnType<typeof openKeptUploads> | undefined;
  try {
    // A mistyped --data must not quietly start an empty directory (with a new master key) next to the real one.
    if (!mayCreateDataDir && !existsSync(join(options.data, DATABASE_FILE_NAME))) {
      throw new InvalidArgumentError(
        `no data directory at ${options.data} (start the server there, or run "admin account create" first)`,
      );
    }
    services = openServices({ dataDir: options.data });
    if (keptUploads) {
      const s3 = s3StorageOptions(options, process.env);
      kept = openKeptUploads(services, { dataDir: options.data, ...(s3 && { s3 }) });
    }
    const result = await run(new AdminOperations({ ...services, ...(kept && { keptUploads: kept.kept }) }));
    process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatHuman(result));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const field = error instanceof RecordError ? error.field : undefined;
    if (options.json) {
      const code =
        error instanceof RecordError ? error.kind : error instanceof InvalidArgumentError ? 'invalid' : 'failed';
      process.stderr.write(`${JSON.stringify({ error: { code, message, ...(field && { field }) } })}\n`);
    } else {
      process.stderr.write(`error: ${field && !message.includes(field) ? `${field}: ` : ''}${message}\n`);
    }
    process.exitCode = 1;
  } finally {
    kept?.close();
    services?.close();
  }
}
