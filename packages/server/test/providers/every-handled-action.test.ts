// One table drives every action-version the server handles through the whole server (signature, stages, providers,
// SQLite, live presence) with the official-shaped client, and holds each Result to the catalog's result schema. A
// provider that gains an action without an example here fails the first test.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { actionSpecs, actionVersions, getActionSpec } from '@rtc-openapi/api';
import { AccessToken, RtcClient, type CallOptions } from '@rtc-openapi/client';
import { createRtcServer, type RtcServer } from '../../src/server.js';
import { assertCatalogResult } from '../support/catalog-result.js';
import { providersOfTheServer } from '../../scripts/action-coverage.js';
import { TestClient } from '../rooms/rooms-harness.js';
import { ACTION_EXAMPLES, type ExampleWorld } from './action-examples.js';

/** The actions the server's providers handle (their handler keys). */
function handledActions(): string[] {
  return providersOfTheServer().flatMap((p) => Object.keys(p.handlers));
}

describe('every handled action-version, through the whole server', () => {
  let dir: string;
  let server: RtcServer;
  let client: RtcClient;
  let receiver: Server;
  const sockets: TestClient[] = [];
  let world: ExampleWorld;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rtc-every-action-'));
    server = createRtcServer({ dataDir: dir, dev: true, logLevel: 'silent' });
    await server.listen();
    const dev = server.devCredentials!;
    client = new RtcClient({
      endpoint: server.url,
      accessKeyId: dev.accessKeyId,
      secretAccessKey: dev.secretAccessKey,
      retry: false,
      throttle: false,
    });
    receiver = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const spare = (await client.call('CreateApp', { AppName: 'spare' })) as { AppId: string };
    const token = (userId: string) => {
      const t = new AccessToken({ appId: dev.appId, roomId: 'example-room', userId, expireAt: 0 });
      t.addPrivilege('PublishStream');
      t.addPrivilege('SubscribeStream');
      return t.serialize(dev.appKey);
    };
    const started = Date.now();
    world = {
      appId: dev.appId,
      spareAppId: spare.AppId,
      roomId: 'example-room',
      alice: { userId: 'alice', token: token('alice') },
      bob: { userId: 'bob', token: token('bob') },
      callbackUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cb`,
      window: {
        StartTime: new Date(started - 600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        EndTime: new Date(started + 600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      },
      results: {},
    };
    for (const user of [world.alice, world.bob]) {
      const socket = await TestClient.connect(`${server.url.replace(/^http/, 'ws')}/rtc/presence`);
      sockets.push(socket);
      const joined = await socket.request({
        type: 'join',
        v: 1,
        appId: dev.appId,
        roomId: world.roomId,
        userId: user.userId,
        token: user.token,
      });
      assert.equal(joined.type, 'joined', JSON.stringify(joined));
      assert.equal((await socket.request({ type: 'publish', stream: 'main', audio: true })).type, 'ack');
    }
  });

  after(async () => {
    for (const s of sockets) s.ws.terminate();
    await client?.close();
    await server?.close();
    await new Promise<void>((resolve) => receiver?.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('has an example for exactly the actions the providers handle', () => {
    assert.deepEqual(ACTION_EXAMPLES.map((e) => e.action).sort(), handledActions().sort());
  });

  const call = (action: string, params: Record<string, unknown>, options: CallOptions) =>
    (client.call as (a: string, p: Record<string, unknown>, o: CallOptions) => Promise<unknown>)(
      action,
      params,
      options,
    );

  for (const example of ACTION_EXAMPLES) {
    for (const version of actionVersions(example.action)) {
      it(`${example.action} ${version}`, async () => {
        const spec = getActionSpec(example.action, version)!;
        const result = await call(example.action, example.params(world, version), { version });
        assertCatalogResult(spec, result);
        world.results[`${example.action} ${version}`] = result;
      });
    }
  }

  // Last: the catalog walked. Each of its action-versions answered a Result the catalog accepts through this running
  // server, so the server's action table has a handler for it (an action without one would not let it start).
  it('answered every catalogued action-version through the server, none NotImplemented', () => {
    const unanswered = actionSpecs
      .map((spec) => `${spec.action} ${spec.version}`)
      .filter((key) => !(key in world.results));
    assert.deepEqual(unanswered, []);
    assert.equal(actionSpecs.length, 179);
  });
});
