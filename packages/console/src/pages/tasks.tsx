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
  files: { ObjectKey?: string }[];
  error?: string;
}

/** Media tasks (GET /admin/tasks), most recently changed first: state, stop reason, files. */
export function TasksPage() {
  const tasks = useLoad(() => admin<{ total: number; tasks: TaskView[] }>('GET', '/tasks?limit=200'));
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
                <td>{t.files.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </div>
  );
}
