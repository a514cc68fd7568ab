import type { Migration } from '../store/migration.js';

/** The voice agents' table (listed once in `store/migrations.ts`, after the events domain's outbox). */
export const voiceMigrations: readonly Migration[] = [
  {
    id: 'voice/001-voice-chat-tasks',
    sql: `
      -- One row per voice agent task (AppId + RoomId + TaskId); a finished TaskId started again replaces its row.
      -- state: running | ended. The agent itself lives in memory; a row left running by a previous run is ended
      -- at start-up (docs/voice-agent.md, "Restarts"). No configuration is stored (it holds the LLM's APIKey).
      CREATE TABLE voice_chat_tasks (
        app_id TEXT NOT NULL,
        room_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        business_id TEXT NOT NULL,
        api_version TEXT NOT NULL,
        agent_user_id TEXT NOT NULL,
        target_user_id TEXT NOT NULL,
        state TEXT NOT NULL,
        start_time INTEGER NOT NULL,
        end_time INTEGER NOT NULL,
        stop_reason TEXT NOT NULL,
        detail TEXT NOT NULL,
        PRIMARY KEY (app_id, room_id, task_id)
      );
      CREATE INDEX voice_chat_tasks_running ON voice_chat_tasks (state) WHERE state = 'running';
    `,
  },
  {
    id: 'voice/002-voice-task-events',
    sql: `
      -- A voice agent task's timeline (the console's): its VoiceChat events in order, each written with the event's
      -- outbox rows (event_id '' when no subscription took it). A TaskId started again starts a new one.
      CREATE TABLE voice_task_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        app_id TEXT NOT NULL,
        room_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        round_id INTEGER NOT NULL,
        run_stage TEXT NOT NULL,
        event_type INTEGER NOT NULL,
        detail TEXT NOT NULL,
        event_id TEXT NOT NULL
      );
      CREATE INDEX voice_task_events_task ON voice_task_events (app_id, room_id, task_id, id);
      CREATE INDEX voice_chat_tasks_start ON voice_chat_tasks (start_time);
    `,
  },
];
