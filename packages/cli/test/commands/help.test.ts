import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommanderError } from 'commander';
import { buildProgram } from '../../src/program.js';
import { runCli } from '../support/run-cli.js';

/** `rtc-openapi <command> --help`, in process: the help text, or a failure. */
async function helpOf(command: string): Promise<string> {
  const program = buildProgram();
  let out = '';
  for (const cmd of [program, ...program.commands]) {
    cmd.exitOverride().configureOutput({ writeOut: (text) => (out += text), writeErr: (text) => (out += text) });
  }
  try {
    await program.parseAsync(['node', 'rtc-openapi', command, '--help']);
  } catch (error) {
    assert.ok(error instanceof CommanderError);
    assert.equal(error.code, 'commander.helpDisplayed');
    return out;
  }
  assert.fail('help did not end the command');
}

test('--help on every client command describes its options', async () => {
  const expected: Record<string, string[]> = {
    call: ['<Action>', '--version <version>', '--param <key=value>', '--json <file>', '--endpoint <url>', '--profile'],
    actions: ['--area <area>', '--json', '--format <format>'],
    describe: ['<Action>', '--version <version>'],
    sign: ['--url <url>', '--method <method>', '--header <name:value>', '--body <text>', '--date <date>'],
    token: [
      '--app-id <id>',
      '--app-key <key>',
      '--room <roomId>',
      '--user <userId>',
      '--expire <seconds>',
      '--privileges',
    ],
  };
  for (const [command, options] of Object.entries(expected)) {
    const help = await helpOf(command);
    assert.match(help, new RegExp(`^Usage: rtc-openapi ${command}`), command);
    for (const option of options) assert.ok(help.includes(option), `${command} --help lacks ${option}`);
  }
});

test('the built program answers --help and --version when spawned', async () => {
  const help = await runCli(['call', '--help']);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /^Usage: rtc-openapi call \[options\] <Action>/);
  const version = await runCli(['--version']);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+/);
});

test('--version before the command is the tool version; after call/describe it is the API version', async () => {
  const [short, long, pinned, notACommandFlag] = await Promise.all([
    runCli(['-V']),
    runCli(['--version']),
    runCli(['describe', 'StartRecord', '--version', '2022-06-01', '--json']),
    runCli(['actions', '--version']),
  ]);
  assert.equal(short.code, 0, short.stderr);
  assert.equal(long.stdout, short.stdout);
  assert.match(long.stdout, /^\d+\.\d+\.\d+\s*$/);
  assert.equal(pinned.code, 0, pinned.stderr);
  assert.equal((JSON.parse(pinned.stdout) as { version: string }).version, '2022-06-01');
  // A command without its own --version does not fall back to the program's: the flag is misplaced, and says so.
  assert.notEqual(notACommandFlag.code, 0);
  assert.match(notACommandFlag.stderr, /unknown option '--version'/);
});
