import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import { RoomClient, RoomClientError } from '@rtc-openapi/room-client';

/** A server that answers every join with the frame `answer` builds from the join's id. */
describe('RoomClient.join against a server that answers join with a malformed frame', () => {
  let server: WebSocketServer;
  let url: string;
  let answer: (id: number) => unknown;
  before(async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('connection', (socket) => {
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string; id: number };
        if (frame.type === 'join') socket.send(JSON.stringify(answer(frame.id)));
      });
    });
  });
  after(async () => {
    for (const socket of server.clients) socket.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const join = (client: RoomClient) => client.join({ appId: 'app', roomId: 'room', userId: 'user', token: 't' });
  const protocolError = (e: unknown) => e instanceof RoomClientError && e.code === 'ProtocolError';

  it('rejects with ProtocolError when the joined frame has no users, and leaves the client closed', async () => {
    answer = (id) => ({ type: 'joined', id, v: 1, roomId: 'room', userId: 'user', heartbeatIntervalMs: 5000 });
    const client = new RoomClient({ url, WebSocket, requestTimeoutMs: 2000 });
    await assert.rejects(join(client), protocolError);
    assert.equal(client.state, 'closed');
    // Closed, not stuck in 'connecting': a second join is attempted rather than refused as AlreadyJoined.
    await assert.rejects(join(client), protocolError);
  });

  it('rejects with ProtocolError when join is answered by another frame type', async () => {
    answer = (id) => ({ type: 'ack', id });
    const client = new RoomClient({ url, WebSocket, requestTimeoutMs: 2000 });
    await assert.rejects(join(client), protocolError);
    assert.equal(client.state, 'closed');
  });
});
