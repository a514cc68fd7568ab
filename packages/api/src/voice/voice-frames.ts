// The AI voice agent's binary room messages (docs/voice-agent.md, research 4.4): 4 ASCII bytes of magic, the JSON's
// length as a big-endian uint32, then the UTF-8 JSON. Shared by the server's agent and @rtc-openapi/room-client;
// Uint8Array, DataView and TextEncoder only, so it runs in browsers too.

/** The magics: agent -> room `subv`, `conv`, `tool`; client -> agent `func`, `ctrl`, and `spch` (this emulator's speech stand-in). */
export type VoiceFrameMagic = 'subv' | 'conv' | 'tool' | 'func' | 'ctrl' | 'spch';

export const VOICE_FRAME_MAGICS: readonly VoiceFrameMagic[] = ['subv', 'conv', 'tool', 'func', 'ctrl', 'spch'];

/** One subtitle line: the user's recognised words or the agent's, the sentence so far. */
export interface SubtitleLine {
  text: string;
  language: string;
  userId: string;
  /** Counts the sentences of the task from 0. */
  sequence: number;
  /** The sentence is complete. */
  definite: boolean;
  /** The speaker's turn is complete (its last sentence). */
  paragraph: boolean;
  roundId: number;
}

/** `subv`. */
export interface SubtitleMessage {
  type: 'subtitle';
  data: SubtitleLine[];
}

/** `conv` Stage.Code: 0 unknown, 1 listening, 2 thinking, 3 speaking, 4 interrupted, 5 finished. */
export type ConversationStageCode = 0 | 1 | 2 | 3 | 4 | 5;

/** `conv`: the agent's state (when AgentConfig.EnableConversationStateCallback). */
export interface ConversationState {
  TaskId: string;
  UserID: string;
  RoundID: number;
  /** Unix ms. */
  EventTime: number;
  Stage: { Code: ConversationStageCode; Description: string };
  /** A runtime error of the round (codes 1000001-1006002). */
  ErrorInfo?: { Errorcode: number; Reason: string };
}

/** `tool`: the model asks for function calls (OpenAI's shape). */
export interface ToolCallMessage {
  /** The round the calls belong to. */
  RoundID: number;
  tool_calls: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
}

/** `func`: a client's answer to one tool call (as UpdateVoiceChat Command=function's Message). */
export interface FunctionAnswer {
  ToolCallID: string;
  Content: string;
}

/** `ctrl`: a client's command, as UpdateVoiceChat's Command, InterruptMode and Message. */
export interface ControlCommand {
  Command: string;
  InterruptMode?: number;
  Message?: string;
}

/** `spch` (this emulator only): what the user "says" while no audio flows; the agent's simulated ASR hears it. */
export interface SpeechStandIn {
  Text: string;
}

export interface VoiceFramePayloads {
  subv: SubtitleMessage;
  conv: ConversationState;
  tool: ToolCallMessage;
  func: FunctionAnswer;
  ctrl: ControlCommand;
  spch: SpeechStandIn;
}

/** A decoded frame; `payload` is the parsed JSON, not checked against its magic's shape. */
export type DecodedVoiceFrame = { ok: true; magic: string; payload: unknown } | { ok: false; problem: string };

const HEADER = 8;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Encodes one frame: magic, big-endian length, UTF-8 JSON. */
export function encodeVoiceFrame<M extends VoiceFrameMagic>(magic: M, payload: VoiceFramePayloads[M]): Uint8Array {
  return encodeVoiceFrameRaw(magic, JSON.stringify(payload));
}

/** Encodes a frame of any 4-character ASCII magic around JSON text (for tests of what the agent refuses). */
export function encodeVoiceFrameRaw(magic: string, json: string): Uint8Array {
  if (!/^[\x20-\x7e]{4}$/.test(magic)) throw new RangeError('a voice frame magic is 4 printable ASCII characters');
  const body = encoder.encode(json);
  const out = new Uint8Array(HEADER + body.length);
  for (let i = 0; i < 4; i++) out[i] = magic.charCodeAt(i);
  new DataView(out.buffer).setUint32(4, body.length, false);
  out.set(body, HEADER);
  return out;
}

/** Decodes one frame; a short, mislabelled, non-UTF-8 or non-JSON frame is a problem, never a throw. */
export function decodeVoiceFrame(bytes: Uint8Array): DecodedVoiceFrame {
  if (bytes.length < HEADER) return { ok: false, problem: `a voice frame has at least ${HEADER} bytes` };
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, false);
  if (length !== bytes.length - HEADER) {
    return { ok: false, problem: `the length field says ${length} bytes, ${bytes.length - HEADER} follow` };
  }
  let text: string;
  try {
    text = decoder.decode(bytes.subarray(HEADER));
  } catch {
    return { ok: false, problem: 'the payload is not UTF-8' };
  }
  try {
    return { ok: true, magic, payload: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, problem: 'the payload is not JSON' };
  }
}
