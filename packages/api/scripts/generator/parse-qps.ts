// Turns the catalog's free-text QPS column into a number. The forms seen in the catalog, and what each becomes:
//   "60", "60 (Volcengine docs; BytePlus 2020-12-01 doc says 20)", "10 (per user)"  -> the leading number
//   "500/s shared ..." (the four messaging actions)                                -> MESSAGING_QPS, group `messaging`
//   "40 when Property=false; 1 when Property=true" (GetRoomOnlineUsers 2023-11-01) -> 40: the limiter runs before the
//       params are read and Property=false is the default form of the call; the stricter 1/s of Property=true is
//       left to the real service
//   "unconfirmed"                                                                  -> DEFAULT_QPS
// Anything else stops the generator, so that a new form gets a deliberate rule instead of a silent default.

export type ParsedQps = { kind: 'documented'; qps: number } | { kind: 'messaging' } | { kind: 'default' };

export function parseQps(text: string): ParsedQps {
  const t = text.trim();
  if (t === 'unconfirmed') return { kind: 'default' };
  if (/^500\/s shared\b/.test(t)) return { kind: 'messaging' };
  const conditional = /^(\d+) when [^;]+; \d+ when /.exec(t);
  if (conditional) return { kind: 'documented', qps: Number(conditional[1]) };
  const leading = /^(\d+)(?:$| \()/.exec(t);
  if (leading) {
    const qps = Number(leading[1]);
    if (qps > 0) return { kind: 'documented', qps };
  }
  throw new Error(`unrecognised QPS text ${JSON.stringify(text)}: add a rule to parse-qps.ts`);
}
