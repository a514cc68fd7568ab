import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { DataTable } from '../parts/data-table.js';
import { ErrorText, Section, useAction } from '../parts/feedback.js';
import { useEventStream } from '../parts/use-event-stream.js';

interface RoomView {
  appId: string;
  roomId: string;
  callId: string;
  members: Member[];
}

interface Member {
  userId: string;
  visible: boolean;
  connected: boolean;
  joinedAt: string;
  streams: { stream: string; audio: boolean; video: boolean; data: boolean; videoHeight: number }[];
}

/** Live rooms from the server's event stream (no polling): members, what they publish; kick and dismiss. */
export function RoomsPage() {
  const [rooms, setRooms] = useState<RoomView[] | undefined>(undefined);
  const stream = useEventStream('/console/api/rooms/stream', { rooms: (data) => setRooms(data as RoomView[]) });
  const action = useAction();
  const members = rooms?.reduce((n, r) => n + r.members.length, 0) ?? 0;
  const live = stream === 'live';
  return (
    <div class="page">
      <Section
        title={`Live rooms (${rooms?.length ?? '…'} rooms, ${members} members)`}
        actions={<span class={live ? 'live on' : 'live'}>{live ? '● live' : '○ connecting'}</span>}
      >
        <ErrorText error={action.error} />
        {rooms?.length === 0 && <p class="muted">Nobody is in a room.</p>}
        {rooms?.map((room) => {
          const where = { appId: room.appId, roomId: room.roomId };
          return (
            <div class="room" key={`${room.appId}/${room.roomId}`} data-room={room.roomId}>
              <h3>
                {room.roomId}{' '}
                <small>
                  app {room.appId} · call {room.callId}
                </small>
                <button
                  type="button"
                  class="danger"
                  onClick={() => void action.run(() => api('POST', '/rooms/dismiss', where))}
                >
                  Dismiss room
                </button>
              </h3>
              <DataTable
                rows={room.members}
                rowKey={(m) => m.userId}
                rowProps={(m) => ({ 'data-user': m.userId })}
                columns={[
                  { title: 'User', cell: (m) => m.userId },
                  { title: 'Visible', cell: (m) => (m.visible ? 'yes' : 'no') },
                  { title: 'Connection', cell: (m) => (m.connected ? 'connected' : 'reconnecting') },
                  { title: 'Publishes', cell: publishes },
                  { title: 'Joined', cell: (m) => m.joinedAt },
                  {
                    title: '',
                    cell: (m) => (
                      <>
                        <button
                          type="button"
                          class="danger"
                          onClick={() =>
                            void action.run(() =>
                              api('POST', '/rooms/ban', { ...where, userId: m.userId, seconds: 600 }),
                            )
                          }
                        >
                          Ban 10 min
                        </button>
                        <button
                          type="button"
                          class="danger"
                          onClick={() =>
                            void action.run(() => api('POST', '/rooms/kick', { ...where, userId: m.userId }))
                          }
                        >
                          Kick
                        </button>
                      </>
                    ),
                  },
                ]}
              />
            </div>
          );
        })}
      </Section>
    </div>
  );
}

function publishes(m: Member): string {
  if (m.streams.length === 0) return 'nothing';
  return m.streams
    .map((s) => {
      const media = [s.audio && 'audio', s.video && `video ${s.videoHeight}p`, s.data && 'data'].filter(Boolean);
      return `${s.stream}: ${media.join(' + ')}`;
    })
    .join('; ');
}
