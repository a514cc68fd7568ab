// The users connected to each tenant's room during the gateway bench, in a child process of their own.
import { AccessToken } from '@rtc-openapi/client';
import { WebSocket } from 'ws';
import { MEMBERS_PER_ROOM, ROOM_ID, SIGNED_AT, type Tenant } from './tenant-mix.js';

/**
 * The `members` role (a child process of its own, so that reading the broadcasts costs neither the load generator
 * nor the server under test): joins MEMBERS_PER_ROOM users to each tenant's room, answers `joined`, pings every 5 s
 * (the server's advertised interval), and leaves when the parent disconnects.
 */
export function serveMembers(): void {
  process.once('message', ({ url, tenants }: { url: string; tenants: Tenant[] }) => {
    const sockets: WebSocket[] = [];
    const join = (tenant: Tenant, userId: string): Promise<void> => {
      const token = new AccessToken({
        appId: tenant.appId,
        roomId: ROOM_ID,
        userId,
        issuedAt: SIGNED_AT / 1000,
        expireAt: SIGNED_AT / 1000 + 86_400,
      })
        .addPrivilege('PublishStream')
        .addPrivilege('SubscribeStream')
        .serialize(tenant.appKey);
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/rtc/presence`, { perMessageDeflate: false });
      sockets.push(ws);
      return new Promise((resolve, reject) => {
        ws.on('message', (data: Buffer) => {
          const text = data.toString();
          if (text.startsWith('{"type":"joined"')) resolve();
          else if (text.startsWith('{"type":"error"')) reject(new Error(`join ${userId}: ${text}`));
        });
        ws.once('error', reject);
        ws.once('open', () =>
          ws.send(JSON.stringify({ type: 'join', v: 1, id: 1, appId: tenant.appId, roomId: ROOM_ID, userId, token })),
        );
      });
    };
    const joins = tenants.flatMap((tenant) =>
      Array.from({ length: MEMBERS_PER_ROOM }, (_, i) => join(tenant, `member-${i}`)),
    );
    Promise.all(joins).then(
      () => process.send!('joined'),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
    const pinger = setInterval(() => {
      for (const ws of sockets) if (ws.readyState === WebSocket.OPEN) ws.send('{"type":"ping"}');
    }, 5000);
    process.once('disconnect', () => {
      clearInterval(pinger);
      for (const ws of sockets) ws.terminate();
    });
  });
}
