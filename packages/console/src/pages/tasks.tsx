import { useEffect, useState } from 'preact/hooks';
import { admin, api } from '../api.js';
import { DataTable } from '../parts/data-table.js';
import { ErrorText, Section } from '../parts/feedback.js';
import { MediaFiles, PLAYABLE, Player, fileUrl, type TaskFile } from '../parts/media-files.js';
import { Timeline, type TimelineLine } from '../parts/timeline.js';
import { useLoad } from '../parts/use-load.js';

/** A media task (GET /admin/tasks) or a voice agent task (the console's voice routes), as the list shows both. */
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
  files: TaskFile[];
  /** Where keyed files are stored: the local store serves them to the page. */
  bucket?: string;
  error?: string;
}

interface VoiceTask {
  appId: string;
  roomId: string;
  taskId: string;
  state: 'running' | 'ended';
  startTime: number;
  endTime: number;
  stopReason: string;
  detail: string;
}

const ACTIVE = new Set(['pending', 'running', 'stopping']);

/**
 * Every task: the media tasks (recordings, web recordings, snapshots, segments, CDN pushes, relays, webcasts...)
 * and the voice agents, most recent first, with state and stop reason. A task's detail: its timeline (state
 * changes, callbacks and how they were delivered, files), its files as media (a recording plays, snapshots show,
 * segments play), a CDN push's live state. An active task's detail refreshes itself.
 */
export function TasksPage() {
  const media = useLoad(() => admin<{ total: number; tasks: TaskView[] }>('GET', '/tasks?limit=200'));
  const voice = useLoad(() => api<{ total: number; tasks: VoiceTask[] }>('GET', '/voice/tasks?limit=200'));
  const [selected, setSelected] = useState<TaskView | undefined>(undefined);
  const [playing, setPlaying] = useState<string | undefined>(undefined);
  const tasks = [...(media.value?.tasks ?? []), ...(voice.value?.tasks ?? []).map(voiceTaskView)].sort(
    (a, b) => (b.startTime || Infinity) - (a.startTime || Infinity),
  );
  const total = media.value && voice.value ? media.value.total + voice.value.total : '…';
  const reload = () => {
    media.reload();
    voice.reload();
  };
  const same = (t: TaskView) => selected !== undefined && idOf(t) === idOf(selected);
  return (
    <div class="page">
      <Section
        title={`Tasks (${total})`}
        actions={
          <button type="button" onClick={reload}>
            Refresh
          </button>
        }
      >
        <ErrorText error={media.error ?? voice.error} />
        <DataTable
          rows={media.value && voice.value ? tasks : undefined}
          rowKey={idOf}
          empty="No task yet."
          rowProps={(t) => ({ class: same(t) ? 'selected' : '', 'data-task': t.taskId, onClick: () => setSelected(t) })}
          columns={[
            { title: 'Kind', cell: (t) => t.kind },
            { title: 'Task', cell: (t) => <a href="#/tasks">{t.taskId}</a> },
            { title: 'App / room', cell: (t) => `${t.appId} / ${t.roomId}` },
            { title: 'State', cell: (t) => `${t.phase} (Status ${t.status})`, class: (t) => t.phase },
            { title: 'Stop reason', cell: (t) => t.stopReason || '—' },
            { title: 'Started', cell: (t) => time(t.startTime) },
            { title: 'Ended', cell: (t) => time(t.endTime) },
            { title: 'Files', cell: (t) => <FileLinks task={t} onPlay={setPlaying} /> },
          ]}
        />
        {playing && <Player url={playing} onClose={() => setPlaying(undefined)} />}
      </Section>
      {selected && <TaskDetail key={idOf(selected)} task={selected} onChanged={reload} />}
    </div>
  );
}

/** A task's timeline and media; refreshed every 2 s while the task is active. */
function TaskDetail({ task, onChanged }: { task: TaskView; onChanged: () => void }) {
  const voice = task.kind === 'voice-agent';
  const where = new URLSearchParams({ appId: task.appId, roomId: task.roomId, taskId: task.taskId });
  const detail = useLoad(() =>
    voice
      ? api<{ task: VoiceTask; total: number; timeline: TimelineLine[] }>('GET', `/voice/timeline?${where}`).then(
          (d) => ({ ...d, task: voiceTaskView(d.task) }),
        )
      : admin<{ task: TaskView; total: number; timeline: TimelineLine[] }>(
          'GET',
          `/tasks/timeline?kind=${encodeURIComponent(task.kind)}&${where}`,
        ),
  );
  const push = useLoad(() =>
    task.kind === 'push' ? api<PushState>('GET', `/tasks/push?${where}`) : Promise.resolve(undefined),
  );
  const current = detail.value?.task ?? task;
  const active = ACTIVE.has(current.phase);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      detail.reload();
      push.reload();
    }, 2000);
    return () => {
      clearInterval(timer);
      onChanged();
    };
  }, [active]);
  return (
    <Section title={`${current.kind} ${current.taskId}`}>
      <ErrorText error={detail.error ?? push.error} />
      <p>
        <strong class={current.phase}>{current.phase}</strong> (Status {current.status})
        {current.stopReason && <> · StopReason {current.stopReason}</>}
        {current.error && <span class="error"> · {current.error}</span>}
        {voice && (
          <>
            {' '}
            ·{' '}
            <a href={`#/voice/${[task.appId, task.roomId, task.taskId].map(encodeURIComponent).join('/')}`}>
              transcript
            </a>
          </>
        )}
      </p>
      {push.value && <PushLine state={push.value} />}
      <div class="columns">
        <div>
          <h3>Timeline</h3>
          {detail.value && <Timeline lines={detail.value.timeline} total={detail.value.total} />}
        </div>
        <div>
          {current.bucket && current.files.length > 0 && <MediaFiles bucket={current.bucket} files={current.files} />}
        </div>
      </div>
    </Section>
  );
}

interface PushState {
  running: boolean;
  state?: number;
  stateName?: string;
  stats?: { framesSent: number; firstPushAt: number; connections: number };
}

function PushLine({ state }: { state: PushState }) {
  if (!state.running) return <p class="muted">The push is not running: it has no live connection.</p>;
  return (
    <p data-testid="push-state">
      PushStreamState <strong>{state.state}</strong> ({state.stateName})
      {state.stats && (
        <>
          {' '}
          · {state.stats.framesSent} video frames sent over {state.stats.connections} connection(s)
          {state.stats.firstPushAt > 0 && `, pushing since ${new Date(state.stats.firstPushAt).toISOString()}`}
        </>
      )}
    </p>
  );
}

function FileLinks({ task, onPlay }: { task: TaskView; onPlay: (url: string) => void }) {
  if (task.files.length === 0) return <>—</>;
  const shown = task.files.slice(-3);
  return (
    <>
      {task.files.length > shown.length && <small>{task.files.length} files, the last: </small>}
      {shown.map((f) =>
        f.ObjectKey === undefined || task.bucket === undefined ? (
          <div key={f.ObjectKey ?? f.Vid}>{f.ObjectKey ?? `Vid ${f.Vid ?? '?'}`}</div>
        ) : (
          <div key={f.ObjectKey}>
            <a
              href={fileUrl(task.bucket, f.ObjectKey)}
              onClick={(e) => {
                e.stopPropagation();
                if (!PLAYABLE.test(f.ObjectKey!)) return;
                e.preventDefault();
                onPlay(fileUrl(task.bucket!, f.ObjectKey!));
              }}
            >
              {f.ObjectKey}
            </a>{' '}
            <small>
              {(f.Size / 1024).toFixed(0)} KB{f.Duration > 0 && `, ${(f.Duration / 1000).toFixed(1)} s`}
            </small>
          </div>
        ),
      )}
    </>
  );
}

function voiceTaskView(v: VoiceTask): TaskView {
  return {
    kind: 'voice-agent',
    appId: v.appId,
    roomId: v.roomId,
    taskId: v.taskId,
    phase: v.state,
    status: v.state === 'running' ? 2 : 3,
    startTime: v.startTime,
    endTime: v.endTime,
    stopReason: v.detail ? `${v.stopReason} (${v.detail})` : v.stopReason,
    files: [],
  };
}

function idOf(t: TaskView): string {
  return `${t.kind}/${t.appId}/${t.roomId}/${t.taskId}`;
}

function time(ms: number): string {
  return ms ? new Date(ms).toISOString() : '—';
}
