// The typed surface: these lines are checked by `npm run typecheck` (each @ts-expect-error must stay an error),
// and the test below runs them against a local server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResultOf } from '@rtc-openapi/api';
import { RtcApiError, RtcClient } from '@rtc-openapi/client';
import { envelope, startLocalServer } from '../support/local-server.js';

async function typedCalls(client: RtcClient): Promise<void> {
  const task = await client.GetRecordTask({ AppId: 'a', RoomId: 'r', TaskId: 't' });
  const status: number | undefined = task.RecordTask?.Status;
  const same: ResultOf<'GetRecordTask', '2023-11-01'> = task;

  // @ts-expect-error TaskId is required
  await client.GetRecordTask({ AppId: 'a', RoomId: 'r' }).catch(() => undefined);
  // @ts-expect-error not a catalogued version
  await client.GetRecordTask({ AppId: 'a', RoomId: 'r', TaskId: 't' }, { version: '1999-01-01' }).catch(() => 0);
  await client.GetRecordTask({ AppId: 'a', RoomId: 'r', TaskId: 't' }, { version: '2020-12-01' });
  await client.call('GetRecordTask', { AppId: 'a', RoomId: 'r', TaskId: 't' }, { version: '2022-06-01' });
  // @ts-expect-error call() checks a literal action's params too
  await client.call('GetRecordTask', { AppId: 'a' }).catch(() => undefined);
  const dynamic: string = 'GetRecordTask';
  await client.call(dynamic, { AppId: 'a', RoomId: 'r', TaskId: 't' }, { version: '2022-06-01' });

  try {
    await client.StopRecord({ AppId: 'a', RoomId: 'r', TaskId: 't' });
  } catch (error) {
    if (error instanceof RtcApiError) {
      // @ts-expect-error a misspelt catalog code is caught by the compiler
      if (error.code === 'FlowLimitExceeded.QPSOverLimt') return;
      if (error.code === 'FlowLimitExceeded.QPSOverLimit') return;
    }
  }
  // ListApps requires nothing: params may be left out.
  await client.ListApps();
  for await (const app of client.paginate('ListApps', { Limit: '10' })) {
    const id: string | undefined = app.AppId;
    void id;
  }
  void status;
  void same;
}

test('the typed methods run', async () => {
  const server = await startLocalServer((request) => ({
    body: envelope(request.query.get('Action')!, request.query.get('Version')!, { AppList: [], Total: 0 }),
  }));
  const client = new RtcClient({ accessKeyId: 'AK', secretAccessKey: 'SK', endpoint: server.url, throttle: false });
  try {
    await typedCalls(client);
    assert.deepEqual(
      server.requests.map((r) => `${r.query.get('Action')} ${r.query.get('Version')}`),
      [
        'GetRecordTask 2023-11-01',
        'GetRecordTask 2020-12-01',
        'GetRecordTask 2022-06-01',
        'GetRecordTask 2022-06-01',
        'StopRecord 2023-11-01',
        'ListApps 2023-11-01',
        'ListApps 2023-11-01',
      ],
    );
  } finally {
    await client.close();
    await server.close();
  }
});
