// The recording bench's users: several accounts, each with its own access key, app and room of publishers, calling
// the server with their own signed client, and subscribed with their own callback to the one receiver.
import { RtcClient } from '@rtc-openapi/client';
import type { TestClient } from '../../test/rooms/rooms-harness.js';
import {
  CALLBACK_SECRET,
  joinRoom,
  publish,
  type RecordingWorld,
} from '../../test/providers/recording/recording-harness.js';
import { seedTenants, type Tenant } from '../gateway/tenant-mix.js';

export interface BenchTenant extends Tenant {
  /** Our client signed with the tenant's key (no retries, no client-side throttle: every answer is seen). */
  client: RtcClient;
  roomId: string;
  members: TestClient[];
}

/** A task of the tenant's room. */
export const taskOf = (tenant: BenchTenant, taskId: string) => ({
  AppId: tenant.appId,
  RoomId: tenant.roomId,
  TaskId: taskId,
});

/**
 * Seeds `count` tenants through the world's admin API; each subscribes to RecordStarted and RecordStopped at the
 * world's receiver and gets `publishers(i)` members publishing audio and video in its room.
 */
export async function startTenants(
  world: RecordingWorld,
  adminToken: string,
  count: number,
  publishers: (tenant: number) => number,
): Promise<BenchTenant[]> {
  const seeded = await seedTenants(world.running.url, count, adminToken);
  const tenants: BenchTenant[] = [];
  for (const [i, seed] of seeded.entries()) {
    const client = new RtcClient({
      endpoint: world.running.url,
      accessKeyId: seed.accessKeyId,
      secretAccessKey: seed.secretAccessKey,
      retry: false,
      throttle: false,
    });
    await client.call('CreateCallback', {
      AppID: seed.appId,
      BusinessId: 'recording',
      EventList: ['RecordStarted', 'RecordStopped'],
      SecretKey: CALLBACK_SECRET,
      URL: world.receiver.url,
    });
    const roomId = `bench-room-${i}`;
    const members: TestClient[] = [];
    for (let p = 0; p < publishers(i); p++) {
      const member = await joinRoom(world.running.url, seed, roomId, `user-${p}`);
      await publish(member, { audio: true, video: true });
      members.push(member);
    }
    tenants.push({ ...seed, client, roomId, members });
  }
  return tenants;
}

/** Pings every member every 5 s (presence drops a member silent for 20 s); the returned function stops it. */
export function keepMembersAlive(tenants: readonly BenchTenant[]): () => void {
  const timer = setInterval(() => {
    for (const tenant of tenants) for (const m of tenant.members) m.ws.send(JSON.stringify({ type: 'ping' }));
  }, 5000);
  return () => clearInterval(timer);
}

export async function closeTenants(tenants: readonly BenchTenant[]): Promise<void> {
  for (const tenant of tenants) {
    for (const m of tenant.members) m.ws.terminate();
    await tenant.client.close();
  }
}
