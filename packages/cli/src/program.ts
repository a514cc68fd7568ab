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
  const program = new Command('rtc-openapi')
    .description('Volcengine RTC server OpenAPI: client, server and tools')
    .version(cliVersion)
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
