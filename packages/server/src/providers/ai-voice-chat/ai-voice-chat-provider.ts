import { intIn, str } from '../../voice/config-checks.js';
import type { VoiceAgents } from '../../voice/voice-agents.js';
import { defineProvider, type Provider } from '../provider.js';

/**
 * Catalog "AI voice chat": StartVoiceChat, UpdateVoiceChat, StopVoiceChat (2024-12-01 and 2025-06-01, one field
 * set) on the voice agents (docs/voice-agent.md), and AibotxQuery.
 */
export function aiVoiceChatProvider(agents: VoiceAgents): Provider<'ai-voice-chat'> {
  return defineProvider('ai-voice-chat', {
    StartVoiceChat: (call, { app }) => {
      agents.start(app.appId, call.version, call.params);
      return 'ok';
    },

    UpdateVoiceChat: ({ params }, { app }) => {
      agents.update(app.appId, params);
      return 'ok';
    },

    StopVoiceChat: ({ params }, { app }) => {
      agents.stop({ appId: app.appId, roomId: params.RoomId, taskId: params.TaskId });
      return 'ok';
    },

    /**
     * The agents configured in the console. This server has no console: the paging is checked and the list is
     * always empty (docs/voice-agent.md).
     */
    AibotxQuery: ({ params }) => {
      intIn('PageNum', params.PageNum, 1, 1_000_000);
      intIn('Limit', params.Limit, 1, 100);
      str('Iterator', params.Iterator, { max: 1024 });
      return { Bots: [] };
    },
  });
}
