import { intIn, invalid, obj, oneOf, str } from './config-checks.js';
import type { Priority } from './conversation.js';

/** One command to a running agent: UpdateVoiceChat's Command + Message + InterruptMode, or a `ctrl` frame's. */
export type AgentCommand =
  | { kind: 'interrupt' }
  | { kind: 'function'; toolCallId: string; content: string }
  | { kind: 'speak'; text: string; priority: Priority }
  | { kind: 'prompt'; text: string }
  | { kind: 'userText'; text: string; priority: Priority }
  | { kind: 'finishSpeech' };

export const COMMANDS = [
  'interrupt',
  'function',
  'ExternalTextToSpeech',
  'ExternalPromptsForLLM',
  'ExternalTextToLLM',
  'FinishSpeechRecognition',
] as const;

/** Longest Message accepted (our choice: the 64 KB of a room message). */
const MAX_MESSAGE = 64 * 1024;

/**
 * Reads a command; throws InvalidParameter naming the field. ImageConfig is checked as documented (only with
 * ExternalTextToLLM; insert needs ImageType "url" and Images) and not used: no model here sees images.
 */
export function readAgentCommand(p: {
  Command?: unknown;
  Message?: unknown;
  InterruptMode?: unknown;
  ImageConfig?: unknown;
}): AgentCommand {
  const command = oneOf('Command', p.Command, COMMANDS);
  if (!command) throw invalid('Command', `is required (${COMMANDS.join(', ')})`);
  const image = obj('ImageConfig', p.ImageConfig);
  if (image) {
    if (command !== 'ExternalTextToLLM') throw invalid('ImageConfig', 'goes only with Command ExternalTextToLLM');
    const action = oneOf('ImageConfig.Action', image.Action, ['insert', 'delete']) ?? 'insert';
    intIn('ImageConfig.GroupID', image.GroupID, 0, Number.MAX_SAFE_INTEGER);
    if (action === 'insert') {
      if (oneOf('ImageConfig.ImageType', image.ImageType, ['url']) === undefined) {
        throw invalid('ImageConfig.ImageType', 'is required ("url") for insert');
      }
      str('ImageConfig.Images', image.Images, { required: true, max: 8192 });
    }
  }
  const message = (): string => str('Message', p.Message, { required: true, max: MAX_MESSAGE })!;
  const priority = (): Priority => {
    const mode = oneOf('InterruptMode', p.InterruptMode, [1, 2, 3] as const);
    if (mode === undefined) throw invalid('InterruptMode', `is required with ${command} (1, 2 or 3)`);
    return mode;
  };
  switch (command) {
    case 'interrupt':
      return { kind: 'interrupt' };
    case 'FinishSpeechRecognition':
      return { kind: 'finishSpeech' };
    case 'ExternalPromptsForLLM':
      return { kind: 'prompt', text: message() };
    case 'ExternalTextToSpeech':
      return { kind: 'speak', text: message(), priority: priority() };
    case 'ExternalTextToLLM':
      return { kind: 'userText', text: message(), priority: priority() };
    case 'function': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(message());
      } catch {
        throw invalid('Message', 'must be a JSON string {"ToolCallID": ..., "Content": ...} for Command function');
      }
      return readFunctionAnswer(parsed, 'Message');
    }
  }
}

/** `{ToolCallID, Content}` (a `function` command's Message, a `func` frame). */
export function readFunctionAnswer(value: unknown, field: string): AgentCommand & { kind: 'function' } {
  const o = obj(field, value, true)!;
  const toolCallId = str(`${field}.ToolCallID`, o.ToolCallID, { required: true, max: 256 })!;
  const content = typeof o.Content === 'string' ? o.Content : JSON.stringify(o.Content ?? '');
  return { kind: 'function', toolCallId, content };
}
