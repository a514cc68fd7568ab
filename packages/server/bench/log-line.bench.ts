// The request log line's cost per API call: formatted (request-log.ts), batched and written to /dev/null through
// sonic-boom, as the server writes to stdout. LineBatch (64 lines or 20 ms) against the policy it replaced, one write
// per event-loop turn, measured in the same run; then the JSON strings of a line's plain fields, jsonString against
// JSON.stringify. CPU time of the whole process (sonic-boom's writes run on libuv's pool), median of 7 rounds. The
// lines are those of 8 callers interleaved.
//
//   npm run bench:log -w @rtc-openapi/server
import { pino, type DestinationStream } from 'pino';
import { median } from './median.js';
import { jsonString } from '../src/json-string.js';
import { createLoggers } from '../src/observability/logger.js';
import { requestLineWriter, type RequestLine } from '../src/observability/request-log.js';

const ROUNDS = 7;
const LINES = 40_000;

// The lines of many callers interleaved, as a server with several tenants writes them: 8 accounts, each with its own
// key, calling 3 actions, one call in 16 refused. Each line is a fresh object, with fresh strings for the ids (as a
// request's own strings are).
const ACTIONS = ['GetRoomOnlineUsers', 'ListApps', 'StartRecord'] as const;
let calls = 0;
const line = (): RequestLine => {
  const n = calls++;
  const account = String(2100000001 + (n % 8));
  const refused = n % 16 === 15;
  return {
    requestId: `20240520083000ABCDEF01${String(n % 1e10).padStart(10, '0')}`,
    accountId: account,
    userId: account,
    accessKeyId: `AKLTZGV2LWFjY2Vzcy1rZXktM${n % 8}`,
    action: ACTIONS[n % 3]!,
    version: '2023-11-01',
    code: refused ? 'InvalidParameter' : 'OK',
    status: refused ? 400 : 200,
    latencyMs: 0.512,
  };
};

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** The policy before LineBatch: every turn's lines joined into one sonic-boom write at the end of the turn. */
function perTurn(target: DestinationStream): DestinationStream {
  let lines: string[] = [];
  return {
    write(text: string) {
      if (lines.push(text) === 1) {
        setImmediate(() => {
          target.write(lines.join(''));
          lines = [];
        });
      }
    },
  };
}

/** CPU µs per line when a turn holds `perTurnCount` requests, each writing its line. */
async function logCost(write: (l: RequestLine) => void, flush: () => Promise<void>, perTurnCount: number) {
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const before = process.cpuUsage();
    for (let i = 0; i < LINES; i += perTurnCount) {
      for (let j = 0; j < perTurnCount; j++) write(line());
      await nextTurn();
    }
    await flush();
    const used = process.cpuUsage(before);
    rounds.push((used.user + used.system) / LINES);
  }
  return median(rounds);
}

console.log(`request log line: CPU per line, median of ${ROUNDS} rounds of ${LINES} lines, to /dev/null`);
// The first pass (4 requests a turn) warms both paths up and is not printed.
let warmedUp = false;
for (const perTurnCount of [4, 1, 4, 16]) {
  const emptyLoop = await logCost(
    () => {},
    async () => {},
    perTurnCount,
  );
  const oldDest = pino.destination({ dest: '/dev/null', sync: false });
  const old = requestLineWriter({ levelValue: 30, service: 'rtc-openapi', destination: perTurn(oldDest) });
  const oldCost = await logCost(
    old,
    async () => {
      await nextTurn();
      await new Promise<void>((resolve) => oldDest.flush(() => resolve()));
    },
    perTurnCount,
  );
  const { logger, requestLog } = createLoggers({ destination: pino.destination({ dest: '/dev/null', sync: false }) });
  const newCost = await logCost(
    requestLog,
    () => new Promise<void>((resolve) => logger.flush(() => resolve())),
    perTurnCount,
  );
  if (!warmedUp) {
    warmedUp = true;
    continue;
  }
  console.log(
    `  ${String(perTurnCount).padStart(2)} requests a turn: one write per turn ${(oldCost - emptyLoop).toFixed(2)} µs, ` +
      `LineBatch ${(newCost - emptyLoop).toFixed(2)} µs (${((100 * newCost - 100 * emptyLoop) / (oldCost - emptyLoop)).toFixed(0)}%)` +
      `   [the loop alone: ${emptyLoop.toFixed(2)} µs, subtracted]`,
  );
}

const fields = Object.values(line()).filter((v): v is string => typeof v === 'string');
const quote = (fn: (s: string) => string): number => {
  const rounds: number[] = [];
  let sink = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < 200_000; i++) {
      let text = '';
      for (const field of fields) text += fn(field);
      sink += text.charCodeAt(text.length - 1);
    }
    rounds.push(Number(process.hrtime.bigint() - started) / 200_000 / 1000);
  }
  if (sink === 0) console.log('');
  return median(rounds);
};
const viaStringify = quote((s) => JSON.stringify(s));
const viaJsonString = quote(jsonString);
console.log(
  `JSON strings of a line's ${fields.length} plain fields: JSON.stringify ${viaStringify.toFixed(2)} µs, ` +
    `jsonString ${viaJsonString.toFixed(2)} µs (${((100 * viaJsonString) / viaStringify).toFixed(0)}%)`,
);
