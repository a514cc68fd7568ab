import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorText, Section, useAction } from '../parts/feedback.js';

interface RoomView {
  appId: string;
  roomId: string;
  callId: string;
  members: {
    userId: string;
    visible: boolean;
    connected: boolean;
    joinedAt: string;
    streams: { stream: string; audio: boolean; video: boolean; data: boolean; videoHeight: number }[];
  }[];
}

/** Live rooms from the server's event stream (no polling): members, what they publish; kick and dismiss. */
export function RoomsPage() {
  const [rooms, setRooms] = useState<RoomView[] | undefined>(undefined);
  const [live, setLive] = useState(false);
  const action = useAction();
  useEffect(() => {
    const source = new EventSource('/console/api/rooms/stream');
    source.addEventListener('rooms', (e) => {
      setRooms(JSON.parse((e as MessageEvent<string>).data) as RoomView[]);
      setLive(true);
    });
    source.onerror = () => setLive(false);
    return () => source.close();
  }, []);
  const members = rooms?.reduce((n, r) => n + r.members.length, 0) ?? 0;
  return (
    <div class="page">
      <Section
        title={`Live rooms (${rooms?.length ?? '…'} rooms, ${members} members)`}
        actions={<span class={live ? 'live on' : 'live'}>{live ? '● live' : '○ connecting'}</span>}
      >
        <ErrorText error={action.error} />
        {rooms?.length === 0 && <p class="muted">Nobody is in a room.</p>}
        {rooms?.map((room) => (
          <div class="room" key={`${room.appId}/${room.roomId}`} data-room={room.roomId}>
            <h3>
              {room.roomId}{' '}
              <small>
                app {room.appId} · call {room.callId}
              </small>
              <button
                type="button"
                class="danger"
                onClick={() =>
                  void action.run(() => api('POST', '/rooms/dismiss', { appId: room.appId, roomId: room.roomId }))
                }
              >
                Dismiss room
              </button>
            </h3>
            <table>
              <thead>
                <tr>
                  <th>User</th>
                  <th>Visible</th>
                  <th>Connection</th>
                  <th>Publishes</th>
                  <th>Joined</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {room.members.map((m) => (
                  <tr key={m.userId} data-user={m.userId}>
                    <td>{m.userId}</td>
                    <td>{m.visible ? 'yes' : 'no'}</td>
                    <td>{m.connected ? 'connected' : 'reconnecting'}</td>
                    <td>
                      {m.streams.length === 0
                        ? 'nothing'
                        : m.streams
                            .map(
                              (s) =>
                                `${s.stream}: ${[s.audio && 'audio', s.video && `video ${s.videoHeight}p`, s.data && 'data'].filter(Boolean).join(' + ')}`,
                            )
                            .join('; ')}
                    </td>
                    <td>{m.joinedAt}</td>
                    <td>
                      <button
                        type="button"
                        class="danger"
                        onClick={() =>
                          void action.run(() =>
                            api('POST', '/rooms/ban', {
                              appId: room.appId,
                              roomId: room.roomId,
                              userId: m.userId,
                              seconds: 600,
                            }),
                          )
                        }
                      >
                        Ban 10 min
                      </button>
                      <button
                        type="button"
                        class="danger"
                        onClick={() =>
                          void action.run(() =>
                            api('POST', '/rooms/kick', { appId: room.appId, roomId: room.roomId, userId: m.userId }),
                          )
                        }
                      >
                        Kick
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </Section>
    </div>
  );
}
