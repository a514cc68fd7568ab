import { randomInt } from 'node:crypto';
import { signCallback } from '@rtc-openapi/signer';
import { formatEventTime } from '../events/event-time.js';
import { CALLBACK_VERSION } from '../events/event-types.js';
import type { CaptureWindow, Verdict } from './verdict.js';

/** The EventType of a moderation result (doc 6348/104534, DetectionResult). */
export const REVIEW_EVENT_TYPE = 'MachineReviewResult';

/** One classified capture of a detection task: whose content, of which kind, over which window, and its verdict. */
export interface ReviewedCapture {
  appId: string;
  roomId: string;
  userId: string;
  /** 1 video snapshots, 2 an audio slice. */
  mediaType: 1 | 2;
  /** Task time, ms. */
  window: CaptureWindow;
  /** The capture's window in unix ms (AudioSegmentInfo). */
  wallWindow: { from: number; to: number };
  verdict: Verdict;
  /** Unix ms. */
  at: number;
}

/**
 * The JSON body POSTed to StartDetection's Callback for one result (EventId: the result's in the log) (doc 6348/104534): the console callback envelope with EventType
 * MachineReviewResult, signed as every callback is (catalog 4.4) with the app's AppKey as the secret (our choice:
 * the page does not say which secret; the app's owner has its AppKey). The emulator keeps no captured media:
 * Images is empty and Audio and AudioText are '' (docs/moderation.md).
 */
export function reviewCallback(capture: ReviewedCapture, eventId: string, appKey: string): string {
  const { verdict } = capture;
  const hitLabels = verdict.hits.map((v) => v.label);
  const ruleLabels = [...new Set((verdict.rule?.violations ?? []).map((v) => v.label))];
  const eventData = {
    RoomId: capture.roomId,
    UserId: capture.userId,
    MediaType: capture.mediaType,
    Images: [] as string[],
    Audio: '',
    AudioText: '',
    HitReasons: [...new Set(hitLabels)],
    ...(hitLabels.length > 0 && { RiskHit: [...new Set(hitLabels)].map((Name) => ({ Name, Score: 1 })) }),
    RiskALL: ruleLabels.map((Name) => ({ Name, Score: hitLabels.includes(Name) ? 1 : 0 })),
    Suggest: verdict.suggest,
    AIResultOrigin: JSON.stringify({
      Classifier: 'rtc-openapi operator rules',
      Rule: verdict.rule === undefined ? 'none' : verdict.rule.userId === '' ? 'room' : 'user',
      WindowMs: [capture.window.fromMs, capture.window.toMs],
      Hits: verdict.hits.map((v) => ({ Label: v.label, AtMs: v.atMs })),
    }),
    ...(capture.mediaType === 2 && {
      AudioSegmentInfo: { StartTime: capture.wallWindow.from, EndTime: capture.wallWindow.to },
    }),
  };
  const fields = {
    EventType: REVIEW_EVENT_TYPE,
    EventData: JSON.stringify(eventData),
    EventTime: formatEventTime(capture.at),
    EventId: eventId,
    AppId: capture.appId,
    Version: CALLBACK_VERSION,
    // A 4-digit random string, as every callback's (catalog 4.3).
    Nonce: String(randomInt(0, 10000)).padStart(4, '0'),
  };
  return JSON.stringify({ ...fields, Signature: signCallback(fields, appKey) });
}
