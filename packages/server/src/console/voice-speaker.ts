import { encodeVoiceFrame } from '@rtc-openapi/api';
import { PresenceError } from '../rooms/presence-error.js';
import type { VirtualMember, VirtualMembers } from '../rooms/virtual-members.js';
import { RecordError } from '../store/record-error.js';
import type { VoiceTaskKey, VoiceTaskRow } from '../voice/voice-store.js';

/** The longest utterance the box takes (a few sentences; the agent hears it a word at a time). */
export const MAX_SPEECH_CHARS = 2000;

const keyOf = (k: VoiceTaskKey): string => `${k.appId}\u0000${k.roomId}\u0000${k.taskId}`;

/**
 * The console's "speak to the agent" box. It sends what a room client of the agent's target user sends with
 * `roomClient.speakToAgent`: a binary room message, a `spch` frame `{ Text }`, from the target user to the agent,
 * through the room (the agent reads speech only from its target). When the target user is in the room (a room
 * client, or this console's stand-in) the message goes from that member; when not, the console first joins a
 * stand-in for the target user (a server-side member with no stream, device type `console`), which stays, so the
 * agent sees its user present, until the agent leaves the room or the page asks it to leave.
 */
export class ConsoleVoiceSpeaker {
  readonly #tasks: { get(key: VoiceTaskKey): VoiceTaskRow | undefined };
  readonly #members: VirtualMembers;
  readonly #standIns = new Map<string, VirtualMember>();

  constructor(deps: { tasks: { get(key: VoiceTaskKey): VoiceTaskRow | undefined }; members: VirtualMembers }) {
    this.#tasks = deps.tasks;
    this.#members = deps.members;
  }

  /** Says `text` to the running agent of `key` as its target user; `standIn` when the console's stand-in spoke. */
  speak(key: VoiceTaskKey, text: string): { userId: string; standIn: boolean } {
    const task = this.#running(key);
    const words = text.trim();
    if (words === '' || text.length > MAX_SPEECH_CHARS) {
      throw new RecordError('invalid', `text must hold words, at most ${MAX_SPEECH_CHARS} characters`, 'text');
    }
    const frame = encodeVoiceFrame('spch', { Text: words });
    const from = { appId: task.appId, roomId: task.roomId, userId: task.targetUserId };
    try {
      if (!this.#members.isMember(task.appId, task.roomId, task.targetUserId)) this.#standIn(task);
      this.#members.sendAs(from, task.agentUserId, frame);
    } catch (e) {
      if (e instanceof PresenceError)
        throw new RecordError('conflict', `cannot speak to the agent: ${e.message}`, 'taskId');
      throw e;
    }
    return { userId: task.targetUserId, standIn: this.#standIns.get(keyOf(key))?.active === true };
  }

  /** Takes the console's stand-in out of the room; false when there was none. */
  leave(key: VoiceTaskKey): boolean {
    const standIn = this.#standIns.get(keyOf(key));
    if (!standIn?.active) return false;
    standIn.leave();
    return true;
  }

  /** Whether the console's stand-in for the task's target user is in the room. */
  hasStandIn(key: VoiceTaskKey): boolean {
    return this.#standIns.get(keyOf(key))?.active === true;
  }

  /** Every stand-in leaves (server shutdown). */
  close(): void {
    for (const standIn of this.#standIns.values()) standIn.leave();
    this.#standIns.clear();
  }

  #running(key: VoiceTaskKey): VoiceTaskRow {
    const task = this.#tasks.get(key);
    if (!task || task.state !== 'running') {
      throw new RecordError('not-found', `no running voice agent task ${key.taskId} in room ${key.roomId}`, 'taskId');
    }
    return task;
  }

  #standIn(task: VoiceTaskRow): void {
    const id = keyOf(task);
    const standIn = this.#members.join(
      { appId: task.appId, roomId: task.roomId, userId: task.targetUserId, deviceType: 'console' },
      {
        // The agent left (its task ended): the stand-in has nobody to talk to.
        onFrame: (f) => {
          if (f.type === 'userLeft' && f.userId === task.agentUserId) this.#standIns.get(id)?.leave();
        },
        onEnded: () => {
          if (this.#standIns.get(id) === standIn) this.#standIns.delete(id);
        },
      },
    );
    this.#standIns.set(id, standIn);
  }
}
