import { Command } from 'commander';
import { registerActionsCommand } from './commands/actions.js';
import { registerAdminCommand } from './commands/admin.js';
import { registerCallCommand } from './commands/call.js';
import { registerDescribeCommand } from './commands/describe.js';
import { registerServeCommand } from './commands/serve.js';
import { registerSignCommand } from './commands/sign.js';
import { registerTokenCommand } from './commands/token.js';
import { cliVersion } from './version.js';

/** The `rtc-openapi` program; each command lives in its own file under commands/. */
export function buildProgram(): Command {
  // Positional options: program flags count only before the command name. `call` and `describe` have their own
  // `--version <apiVersion>`, which the program's `-V, --version` would otherwise claim wherever it appears; so
  // `rtc-openapi --version` prints the tool's version and `rtc-openapi call X --version 2022-06-01` pins the API's.
  const program = new Command('rtc-openapi')
    .description('Volcengine RTC server OpenAPI: client, server and tools')
    .version(cliVersion)
    .enablePositionalOptions()
    .showHelpAfterError();
  for (const register of [
    registerServeCommand,
    registerCallCommand,
    registerActionsCommand,
    registerDescribeCommand,
    registerSignCommand,
    registerTokenCommand,
    registerAdminCommand,
  ]) {
    register(program);
  }
  return program;
}
