import type { Command } from 'commander';

/**
 * `call` and `describe` take `--version <apiVersion>`, but the program's own `-V, --version` would otherwise claim
 * that flag wherever it appears. With positional options, program flags count only before the command name, so
 * `rtc-openapi --version` still prints the tool's version and `rtc-openapi call X --version 2022-06-01` reaches the
 * command. Idempotent; belongs in program.ts, whose owner may move it there.
 */
export function letCommandsOwnVersionFlag(program: Command): void {
  program.enablePositionalOptions();
}
