import { useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { DataTable } from '../parts/data-table.js';
import { ErrorText, Section, useAction } from '../parts/feedback.js';
import { InlineForm } from '../parts/inline-form.js';
import { Timeline, type TimelineLine } from '../parts/timeline.js';
import { useEventStream } from '../parts/use-event-stream.js';
import { useLoad } from '../parts/use-load.js';

interface VoiceTask {
  appId: string;
  roomId: string;
  taskId: string;
  agentUserId: string;
  targetUserId: string;
  state: 'running' | 'ended';
  startTime: number;
  stopReason: string;
  /** A live transcript is kept (agents started since the server started). */
  transcript: boolean;
  /** The console's stand-in for the target user is in the room. */
  standIn: boolean;
}

type Entry =
  | {
      kind: 'subtitle';
      at: number;
      roundId: number;
      userId: string;
      text: string;
      sequence: number;
      definite: boolean;
      paragraph: boolean;
    }
  | {
      kind: 'stage';
      at: number;
      roundId: number;
      stage: string;
      error?: { code: number; reason: string };
      detail?: string;
    };

type Key = Pick<VoiceTask, 'appId' | 'roomId' | 'taskId'>;

/**
 * The voice agents: their tasks; one agent's live transcript (subtitles of both sides and its stages, over
 * server-sent events) and a box that speaks to it as its target user (docs/console.md: what the box sends).
 */
export function VoicePage({ param }: { param?: string }) {
  const tasks = useLoad(() => api<{ total: number; tasks: VoiceTask[] }>('GET', '/voice/tasks?limit=100'));
  const [chosen, setChosen] = useState<Key | undefined>(() => keyFromParam(param));
  const open = (t: Key) => {
    setChosen(t);
    location.hash = `#/voice/${[t.appId, t.roomId, t.taskId].map(encodeURIComponent).join('/')}`;
  };
  const task = chosen && tasks.value?.tasks.find((t) => sameTask(t, chosen));
  return (
    <div class="page">
      <Section
        title={`Voice agents (${tasks.value?.total ?? '…'})`}
        actions={
          <button type="button" onClick={tasks.reload}>
            Refresh
          </button>
        }
      >
        <ErrorText error={tasks.error} />
        <DataTable
          rows={tasks.value?.tasks}
          rowKey={(t) => `${t.appId}/${t.roomId}/${t.taskId}`}
          empty="No voice agent yet: start one with StartVoiceChat."
          rowProps={(t) => ({
            class: chosen && sameTask(t, chosen) ? 'selected' : '',
            'data-task': t.taskId,
            onClick: () => open(t),
          })}
          columns={[
            { title: 'Task', cell: (t) => <a href="#/voice">{t.taskId}</a> },
            { title: 'App / room', cell: (t) => `${t.appId} / ${t.roomId}` },
            { title: 'Agent → target', cell: (t) => `${t.agentUserId} → ${t.targetUserId}` },
            { title: 'State', cell: (t) => t.state, class: (t) => t.state },
            { title: 'Stop reason', cell: (t) => t.stopReason || '—' },
            { title: 'Started', cell: (t) => new Date(t.startTime).toISOString() },
          ]}
        />
      </Section>
      {task && <Agent key={`${task.appId}/${task.roomId}/${task.taskId}`} task={task} onChanged={tasks.reload} />}
    </div>
  );
}

function Agent({ task, onChanged }: { task: VoiceTask; onChanged: () => void }) {
  const where = new URLSearchParams({ appId: task.appId, roomId: task.roomId, taskId: task.taskId });
  const [entries, setEntries] = useState<Entry[]>([]);
  const [running, setRunning] = useState(task.state === 'running');
  const timeline = useLoad(() =>
    api<{ total: number; timeline: TimelineLine[] }>('GET', `/voice/timeline?${where.toString()}`),
  );
  // Timeline lines told by the stream since the page opened: shown after the loaded ones (no polling).
  const [liveLines, setLiveLines] = useState<TimelineLine[]>([]);
  const reconnected = useRef(false);
  const stream = useEventStream(task.transcript ? `/console/api/voice/transcript?${where.toString()}` : undefined, {
    transcript: (data) => {
      const kept = data as { running: boolean; entries: Entry[] };
      setEntries(kept.entries);
      setRunning(kept.running);
      // Sent again after a reconnection: the lines told while the stream was down are read again.
      if (reconnected.current) timeline.reload();
      reconnected.current = true;
    },
    entry: (data) => setEntries((old) => merged(old, data as Entry)),
    timeline: (data) => setLiveLines((old) => [...old, data as TimelineLine]),
    ended: () => {
      setRunning(false);
      timeline.reload();
      onChanged();
    },
  });
  const speak = useAction();
  const key = { appId: task.appId, roomId: task.roomId, taskId: task.taskId };
  return (
    <Section
      title={`Agent ${task.agentUserId} in ${task.roomId}`}
      actions={
        <span class={stream === 'live' && running ? 'live on' : 'live'}>
          {!task.transcript
            ? 'no transcript kept'
            : running
              ? stream === 'live'
                ? '● live'
                : '○ connecting'
              : 'ended'}
        </span>
      }
    >
      <div class="columns">
        <div>
          <h3>Transcript</h3>
          <Transcript entries={entries} agent={task.agentUserId} />
          {running && (
            <>
              <ErrorText error={speak.error} />
              <InlineForm
                submit={`Say it as ${task.targetUserId}`}
                busy={speak.busy}
                fields={[{ name: 'text', placeholder: `speak to the agent as ${task.targetUserId}` }]}
                onSubmit={({ text }) => speak.run(() => api('POST', '/voice/speak', { ...key, text }))}
              />
              <p class="muted">
                Sent as a <code>spch</code> frame from {task.targetUserId} to the agent through the room; when{' '}
                {task.targetUserId} is not in the room the console joins in its place first.{' '}
                <button
                  type="button"
                  class="link-button"
                  onClick={() => void speak.run(() => api('POST', '/voice/leave', key))}
                >
                  Take the console’s {task.targetUserId} out of the room
                </button>
              </p>
            </>
          )}
        </div>
        <div>
          <h3>
            Timeline{' '}
            <button type="button" onClick={timeline.reload}>
              Refresh
            </button>
          </h3>
          <ErrorText error={timeline.error} />
          {timeline.value && <Timeline {...withLive(timeline.value, liveLines)} />}
        </div>
      </div>
    </Section>
  );
}

function Transcript({ entries, agent }: { entries: readonly Entry[]; agent: string }) {
  if (entries.length === 0) return <p class="muted">Nothing said yet.</p>;
  return (
    <ol class="transcript" data-testid="transcript">
      {entries.map((e, i) =>
        e.kind === 'subtitle' ? (
          <li
            key={`s${e.sequence}`}
            class={`${e.userId === agent ? 'agent' : 'user'}${e.definite ? '' : ' partial'}`}
            data-speaker={e.userId}
          >
            <b>{e.userId}</b> {e.text}
          </li>
        ) : (
          <li key={`t${i}`} class={e.error ? 'stage error' : 'stage'} data-stage={e.stage}>
            {e.stage}
            {e.roundId > 0 && ` · round ${e.roundId}`}
            {e.error && ` · ${e.error.code} ${e.error.reason}`}
            {e.detail && !e.error && ` · ${e.detail}`}
          </li>
        ),
      )}
    </ol>
  );
}

/**
 * The loaded timeline and, after it, the lines the stream told that it does not hold yet (a line told while the
 * load was under way is in both). When the loaded page is cut short (more than its 500 lines), only the count grows.
 */
function withLive(
  loaded: { total: number; timeline: TimelineLine[] },
  live: readonly TimelineLine[],
): { lines: TimelineLine[]; total: number } {
  const lineKey = (l: TimelineLine) => `${l.at}|${l.entry}|${l.name}|${l.detail}`;
  const seen = new Set(loaded.timeline.map(lineKey));
  const newer = live.filter((l) => !seen.has(lineKey(l)) && l.at >= (loaded.timeline.at(-1)?.at ?? ''));
  if (loaded.total > loaded.timeline.length) return { lines: loaded.timeline, total: loaded.total + newer.length };
  return { lines: [...loaded.timeline, ...newer], total: loaded.total + newer.length };
}

/** A subtitle line replaces the last one with its sequence (a sentence grows until it is definite). */
function merged(entries: readonly Entry[], entry: Entry): Entry[] {
  if (entry.kind === 'subtitle') {
    const at = entries.findLastIndex((e) => e.kind === 'subtitle' && e.sequence === entry.sequence);
    if (at >= 0) return entries.map((e, i) => (i === at ? entry : e));
  }
  return [...entries, entry];
}

function keyFromParam(param: string | undefined): Key | undefined {
  const parts = param?.split('/').map(decodeURIComponent);
  if (parts?.length !== 3) return undefined;
  return { appId: parts[0]!, roomId: parts[1]!, taskId: parts[2]! };
}

function sameTask(a: Key, b: Key): boolean {
  return a.appId === b.appId && a.roomId === b.roomId && a.taskId === b.taskId;
}
