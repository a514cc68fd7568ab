import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
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

test('lines to a sonic-boom destination are batched per turn, in order, across both loggers', async (t) => {
  const file = join(tempDataDir(t), 'log.ndjson');
  const destination = pino.destination({ dest: file, sync: true });
  const { logger, requestLog } = createLoggers({ destination });
  requestLog(line('r1'));
  logger.error({ requestId: 'r1' }, 'request failed');
  requestLog(line('r2'));
  await nextTurn();
  await nextTurn();
  assert.deepEqual(
    linesOf(file).map((l) => [l.requestId, l.msg]),
    [
      ['r1', 'request'],
      ['r1', 'request failed'],
      ['r2', 'request'],
    ],
  );
});

test('flushSync writes what waits at once (what the exit hook does)', (t) => {
  const file = join(tempDataDir(t), 'log.ndjson');
  const destination = pino.destination({ dest: file, sync: true });
  const { logger, requestLog } = createLoggers({ destination });
  requestLog(line('r3'));
  logger.flush();
  assert.deepEqual(
    linesOf(file).map((l) => l.requestId),
    ['r3'],
  );
});
