// Turns the catalog's free-text QPS column into a number. The forms seen in the catalog, and what each becomes:
//   "60", "60 (Volcengine docs; BytePlus 2020-12-01 doc says 20)", "10 (per user)"  -> the leading number
//   "500/s shared ..." (the four messaging actions)                                -> MESSAGING_QPS, group `messaging`
//   "40 when Property=false; 1 when Property=true" (GetRoomOnlineUsers 2023-11-01) -> 40 for every call (Property=false
//       is the default form), plus a stricter budget of 1 for the calls with Property=true, checked once params are
//       read
//   "unconfirmed"                                                                  -> DEFAULT_QPS
// Anything else stops the generator, so that a new form gets a deliberate rule instead of a silent default.

/** A stricter budget for the calls in which one param has one value. */
export interface ConditionalQps {
  param: string;
  equals: boolean | number | string;
  qps: number;
}

export type ParsedQps =
  { kind: 'documented'; qps: number; conditional?: ConditionalQps } | { kind: 'messaging' } | { kind: 'default' };

export function parseQps(text: string): ParsedQps {
  const t = text.trim();
  if (t === 'unconfirmed') return { kind: 'default' };
  if (/^500\/s shared\b/.test(t)) return { kind: 'messaging' };
  const conditional = /^(\d+) when (\w+)=(\w+); (\d+) when (\w+)=(\w+)$/.exec(t);
  if (conditional) {
    const [, usual, param, , strict, sameParam, value] = conditional as unknown as string[];
    const qps = Number(usual);
    const strictQps = Number(strict);
    if (param !== sameParam || !(strictQps > 0) || strictQps >= qps) {
      throw new Error(`unrecognised conditional QPS text ${JSON.stringify(text)}: add a rule to parse-qps.ts`);
    }
    return { kind: 'documented', qps, conditional: { param: param!, equals: literal(value!), qps: strictQps } };
  }
  const leading = /^(\d+)(?:$| \()/.exec(t);
  if (leading) {
    const qps = Number(leading[1]);
    if (qps > 0) return { kind: 'documented', qps };
  }
  throw new Error(`unrecognised QPS text ${JSON.stringify(text)}: add a rule to parse-qps.ts`);
}

/** `true`/`false` and integers as the JSON values they name; anything else as text. */
function literal(text: string): boolean | number | string {
  if (text === 'true') return true;
  if (text === 'false') return false;
  return /^\d+$/.test(text) ? Number(text) : text;
}
