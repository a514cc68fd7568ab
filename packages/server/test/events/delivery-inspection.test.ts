// A delivery as the console reads it (the body each attempt posted, the receiver's answers, the Signature checked
// against the subscription's secret on the server) and its redelivery, against a real receiver and delivery worker.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { DeliveryInspection, eventDeliveries } from '../../src/events/delivery-inspection.js';
import { listDeliveries } from '../../src/events/delivery-log.js';
import { RecordError } from '../../src/store/record-error.js';
import { APP_ID, startHarness, type Harness } from '../rooms/rooms-harness.js';

const SECRET = 'inspection-secret';

/** A receiver that answers 500 with a message to the first post and 200 "ok" to the rest; it keeps the bodies. */
async function flakyReceiver() {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      if (bodies.length === 1) res.writeHead(500).end('receiver: not ready yet');
      else res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`, bodies, server };
}

async function until<T>(read: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 8000;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('delivery inspection and redelivery', () => {
  let h: Harness;
  let receiver: Awaited<ReturnType<typeof flakyReceiver>>;
  after(async () => {
    await h?.close();
    receiver?.server.close();
  });

  it('shows what each attempt posted and got back, checks the Signature, and delivers again on demand', async () => {
    receiver = await flakyReceiver();
    h = await startHarness();
    const answer = await h.call(
      'CreateCallback',
      { AppID: APP_ID, BusinessId: 'ops', EventList: ['RoomCreate'], SecretKey: SECRET, URL: receiver.url },
      '2020-12-01',
    );
    assert.equal(answer, 'ok');
    const client = await h.connect();
    await client.join({ roomId: 'inspect', userId: 'ann', token: h.token('inspect', 'ann') });
    const store = h.module.eventStore;
    const delivered = await until(
      () => listDeliveries(store, { appId: APP_ID }).find((d) => d.outcome === 'delivered'),
      'the RoomCreate delivery',
    );
    const inspection = new DeliveryInspection({ log: store, outbox: store, configs: h.module.callbackConfigs });

    const detail = inspection.detail(delivered.deliveryId);
    assert.equal(detail.status, 'delivered');
    assert.equal(detail.eventType, 'RoomCreate');
    assert.equal(detail.subscriptionUrl, receiver.url);
    assert.equal(JSON.parse(detail.payload.EventData).RoomId, 'inspect');
    assert.deepEqual(
      detail.attempts.map((a) => [a.attempt, a.outcome, a.httpStatus, a.answer, a.signature.result]),
      [
        [1, 'retry', 500, 'receiver: not ready yet', 'pass'],
        [2, 'delivered', 200, 'ok', 'pass'],
      ],
    );
    // The body kept is the body the receiver got, byte for byte; the secret is in no part of the answer.
    assert.deepEqual(
      detail.attempts.map((a) => a.body),
      receiver.bodies,
    );
    assert.ok(!JSON.stringify(detail).includes(SECRET));
    assert.deepEqual(eventDeliveries(store, detail.eventId), [
      { deliveryId: delivered.deliveryId, businessId: 'ops', status: 'delivered', attempts: 2 },
    ]);

    // Redelivery: the same event again (same EventId and Signature), as a new delivery that names the first.
    const again = inspection.redeliver(delivered.deliveryId, h.now());
    assert.equal(again.redeliveryOf, delivered.deliveryId);
    await until(() => (receiver.bodies.length === 3 ? true : undefined), 'the redelivery');
    assert.equal(receiver.bodies[2], receiver.bodies[1]);
    const repeated = await until(() => {
      const d = inspection.detail(again.deliveryId);
      return d.status === 'delivered' ? d : undefined;
    }, 'the redelivery recorded');
    assert.equal(repeated.redeliveryOf, delivered.deliveryId);
    assert.equal(repeated.eventId, detail.eventId);
    assert.deepEqual(
      eventDeliveries(store, detail.eventId).map((d) => d.deliveryId),
      [delivered.deliveryId, again.deliveryId],
    );

    // A changed secret: the bodies posted before no longer match it, and the check says so.
    h.module.callbackConfigs.update(
      APP_ID,
      'ops',
      { url: receiver.url, secretKey: 'another-secret', eventList: ['RoomCreate'] },
      new Date(),
    );
    const after = inspection.detail(delivered.deliveryId);
    assert.deepEqual(
      after.attempts.map((a) => a.signature.result),
      ['fail', 'fail'],
    );
    assert.match(after.attempts[0]!.signature.detail, /does not match/);

    // Nowhere to deliver to, and no such delivery: errors that name the field.
    h.module.callbackConfigs.delete(APP_ID, 'ops');
    assert.throws(
      () => inspection.redeliver(delivered.deliveryId, h.now()),
      (e: unknown) => e instanceof RecordError && e.kind === 'conflict' && e.field === 'deliveryId',
    );
    assert.equal(inspection.detail(delivered.deliveryId).attempts[0]!.signature.result, 'unchecked');
    assert.throws(
      () => inspection.detail(999_999),
      (e: unknown) => e instanceof RecordError && e.kind === 'not-found' && /999999/.test(e.message),
    );
    client.ws.terminate();
  });
});
