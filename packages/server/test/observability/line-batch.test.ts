import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { createLoggers } from '../../src/observability/logger.js';
import type { RequestLine } from '../../src/observability/request-log.js';
import { tempDataDir } from '../store/temp-data-dir.js';

function line(requestId: string): RequestLine {
  return { requestId, action: 'ListApps', version: '2023-11-01', code: 'OK', status: 200, latencyMs: 0.4 };
}

function linesOf(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function recordedDestination(file: string): { destination: ReturnType<typeof pino.destination>; writes: string[] } {
  const destination = pino.destination({ dest: file, sync: true });
  const writes: string[] = [];
  const write = destination.write.bind(destination);
  destination.write = (text: string) => {
    writes.push(text);
    return write(text);
  };
  return { destination, writes };
}

test('lines to a sonic-boom destination wait (at most 20 ms) and go out together, in order, across both loggers', async (t) => {
  const file = join(tempDataDir(t), 'log.ndjson');
  const { destination, writes } = recordedDestination(file);
  const { logger, requestLog } = createLoggers({ destination });
  requestLog(line('r1'));
  logger.error({ requestId: 'r1' }, 'request failed');
  requestLog(line('r2'));
  await nextTurn();
  assert.equal(writes.length, 0, 'a few lines are not written at the end of their turn');
  await sleep(60);
  assert.equal(writes.length, 1, 'the three lines go out in one write once the first has waited its time');
  assert.deepEqual(
    linesOf(file).map((l) => [l.requestId, l.msg]),
    [
      ['r1', 'request'],
      ['r1', 'request failed'],
      ['r2', 'request'],
    ],
  );
});

test('a full batch (64 lines) is written at once, without waiting', (t) => {
  const file = join(tempDataDir(t), 'log.ndjson');
  const { destination, writes } = recordedDestination(file);
  const { requestLog } = createLoggers({ destination });
  for (let i = 0; i < 130; i++) requestLog(line(`r${i}`));
  assert.equal(writes.length, 2, 'two full batches written during the loop, the last two lines wait');
  assert.equal(linesOf(file).length, 128);
  assert.deepEqual(
    linesOf(file)
      .slice(62, 66)
      .map((l) => l.requestId),
    ['r62', 'r63', 'r64', 'r65'],
  );
});

test('flushSync writes what waits at once (what the exit hook does)', (t) => {
  const file = join(tempDataDir(t), 'log.ndjson');
  const destination = pino.destination({ dest: file, sync: true });
  const { logger, requestLog } = createLoggers({ destination });
  requestLog(line('r3'));
  const batch = (logger as unknown as Record<symbol, { flushSync(): void } | undefined>)[pino.symbols.streamSym];
  assert.ok(batch, 'the logger writes through the line batch');
  batch.flushSync();
  assert.deepEqual(
    linesOf(file).map((l) => l.requestId),
    ['r3'],
  );
});
