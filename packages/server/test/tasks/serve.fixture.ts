// Run by kill-restart.test.ts in a child process: the whole server with the dev app on the data directory given as
// the first argument. Prints one JSON line (its URL and dev credentials), then serves until it is killed.
import { createRtcServer } from '../../src/server.js';

const server = createRtcServer({ dataDir: process.argv[2]!, dev: true, logLevel: 'silent' });
const url = await server.listen();
process.stdout.write(`${JSON.stringify({ url, dev: server.devCredentials })}\n`);
