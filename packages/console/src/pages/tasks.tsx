import { useState } from 'preact/hooks';
import { admin } from '../api.js';
import { ErrorText, Section } from '../parts/feedback.js';
import { useLoad } from '../parts/use-load.js';

interface TaskView {
  kind: string;
  appId: string;
  roomId: string;
  taskId: string;
  phase: string;
  status: number;
  startTime: number;
  endTime: number;
  stopReason: string;
  files: { ObjectKey?: string; Duration: number; Size: number; VideoWidth?: number; VideoHeight?: number }[];
  /** Where the files are stored (recordings): the local store serves them to the page. */
  bucket?: string;
  error?: string;
}

const PLAYABLE = /\.(mp4|m4a|webm|mp3|aac)$/i;
const IMAGE = /\.(jpe?g|png)$/i;

/** Media tasks (GET /admin/tasks), most recently changed first: state, stop reason, files. */
export function TasksPage() {
  const tasks = useLoad(() => admin<{ total: number; tasks: TaskView[] }>('GET', '/tasks?limit=200'));
  const [playing, setPlaying] = useState<string | undefined>(undefined);
  return (
    <div class="page">
      <Section
        title={`Tasks (${tasks.value?.total ?? '…'})`}
        actions={
          <button type="button" onClick={tasks.reload}>
            Refresh
          </button>
        }
      >
        <ErrorText error={tasks.error} />
        {tasks.value?.tasks.length === 0 && <p class="muted">No media task yet.</p>}
        <table>
          <thead>
            <tr>
              <th>Kind</th>
              <th>Task</th>
              <th>App / room</th>
              <th>State</th>
              <th>Stop reason</th>
              <th>Started</th>
              <th>Ended</th>
              <th>Files</th>
            </tr>
          </thead>
          <tbody>
            {tasks.value?.tasks.map((t) => (
              <tr key={`${t.appId}/${t.roomId}/${t.taskId}`}>
                <td>{t.kind}</td>
                <td>
                  <code>{t.taskId}</code>
                </td>
                <td>
                  {t.appId} / {t.roomId}
                </td>
                <td>
                  {t.phase} (Status {t.status})
                </td>
                <td>{t.stopReason || '—'}</td>
                <td>{t.startTime ? new Date(t.startTime).toISOString() : '—'}</td>
                <td>{t.endTime ? new Date(t.endTime).toISOString() : '—'}</td>
                <td>
                  {t.files.length === 0 && '—'}
                  {t.files.map((f) =>
                    f.ObjectKey === undefined || t.bucket === undefined ? (
                      <div key={f.ObjectKey}>{f.ObjectKey ?? '(vod)'}</div>
                    ) : (
                      <div key={f.ObjectKey}>
                        <a
                          href={fileUrl(t.bucket, f.ObjectKey)}
                          onClick={(e) => {
                            if (!PLAYABLE.test(f.ObjectKey!) && !IMAGE.test(f.ObjectKey!)) return;
                            e.preventDefault();
                            setPlaying(fileUrl(t.bucket!, f.ObjectKey!));
                          }}
                        >
                          {f.ObjectKey}
                        </a>{' '}
                        <small>
                          {(f.Size / 1024).toFixed(0)} KB, {(f.Duration / 1000).toFixed(1)} s
                        </small>
                      </div>
                    ),
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {playing && (
          <div class="player">
            {IMAGE.test(playing) ? (
              <img src={playing} alt={playing} />
            ) : (
              <video src={playing} controls data-testid="player" />
            )}
            <button type="button" onClick={() => setPlaying(undefined)}>
              Close
            </button>
          </div>
        )}
      </Section>
    </div>
  );
}

/** A stored file through the console's API (HTTP range requests, so the player can seek). */
function fileUrl(bucket: string, key: string): string {
  return `/console/api/files/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
}
