// Deeply nested arrays and objects (1,000 to 100,000 levels) in the params of every action, through the real server
// over HTTP. JSON.parse takes any depth, but String(value), JSON.stringify(value) and structuredClone(value) overflow
// the stack past about 10,000 levels, so whatever touches a param after parsing must not walk it: each request gets
// a clean InvalidParameter envelope naming the field (never a 5xx, never a dead server).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actionSpecs, ID_PATTERN_SOURCE, validateParams, type ActionSpec } from '@rtc-openapi/api';
import { signRequest } from '@rtc-openapi/signer';
import type { DevCredentials } from '../../src/app.js';
import { startServer, type RunningServer } from '../e2e/e2e-server.js';

type Schema = {
  type?: string;
  anyOf?: Schema[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
};
type Path = (string | number)[];

const nestedArray = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const nestedObject = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const bodyActions = actionSpecs.filter((s) => s.paramsIn === 'body');
const queryActions = actionSpecs.filter((s) => s.paramsIn === 'query');

/** A value that passes `schema`, every optional field included and every array with one item. */
function sample(schema: Schema, key: string, appId: string): unknown {
  if (schema.anyOf) return sample(schema.anyOf[0]!, key, appId);
  if (schema.const !== undefined) return schema.const;
  switch (schema.type) {
    case 'string':
      if (key === 'AppId' || key === 'AppID' || key === 'app_id') return appId;
      return schema.pattern === ID_PATTERN_SOURCE ? 'id1' : 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'integer':
    case 'number':
      if (schema.minimum !== undefined) return schema.minimum;
      if (schema.exclusiveMinimum !== undefined) return schema.exclusiveMinimum + 1;
      return Math.min(1, schema.maximum ?? 1);
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items ?? {}, key, appId));
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sample(v, k, appId)] as const),
      );
    default:
      return null;
  }
}

/** Every field path in `value`, outermost first: `[A]`, `[A, B]`, `[A, B, 0]`... */
function pathsIn(value: unknown, prefix: Path = []): Path[] {
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : typeof value === 'object' && value !== null
      ? Object.entries(value)
      : [];
  return entries.flatMap(([k, v]) => [[...prefix, k], ...pathsIn(v, [...prefix, k])]);
}

const MARKER = '\u0000nested\u0000';

/** The body text of `sampleBody` with the value at `path` replaced by the raw JSON `nested`. */
function bodyWith(sampleBody: unknown, path: Path, nested: string): string {
  const copy = structuredClone(sampleBody) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path.at(-1)!] = MARKER;
  return JSON.stringify(copy).replace(JSON.stringify(MARKER), nested);
}

/** `A.B[0].C`, as validation messages name a field. */
function fieldName(path: Path): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

interface Answer {
  status: number;
  code: string | undefined;
  message: string;
  text: string;
}

describe('deeply nested params over HTTP', () => {
  let running: RunningServer;
  let dev: DevCredentials;
  before(async () => {
    running = await startServer({ dev: true, rateLimitScale: 1000, logLevel: 'warn' });
    dev = running.server.devCredentials!;
  });
  after(async () => {
    await running.close();
    running.removeData();
  });

  async function send(spec: ActionSpec, body: string | undefined, query: Record<string, string> = {}): Promise<Answer> {
    const method = body === undefined ? 'GET' : 'POST';
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    const signed = signRequest(
      {
        method,
        path: '/',
        query: { Action: spec.action, Version: spec.version, ...query },
        headers,
        ...(body !== undefined && { body }),
      },
      dev,
      { region: 'cn-north-1', service: 'rtc' },
    );
    const response = await fetch(`${running.url}/?${signed.queryString}`, {
      method,
      headers: signed.headers,
      ...(body !== undefined && { body }),
    });
    const text = await response.text();
    const error = (JSON.parse(text) as { ResponseMetadata: { Error?: { Code: string; Message: string } } })
      .ResponseMetadata.Error;
    return { status: response.status, code: error?.Code, message: error?.Message ?? '', text };
  }

  /** Runs `cases` eight at a time; returns the complaints. */
  async function check(cases: (() => Promise<string | undefined>)[]): Promise<string[]> {
    const complaints: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < cases.length) {
          const complaint = await cases[next++]!();
          if (complaint) complaints.push(complaint);
        }
      }),
    );
    return complaints;
  }

  /**
   * The answer names `field` (or, for an array field, its first item, which is what holds the nesting) with an
   * InvalidParameter code or a finer one, as a client can act on it.
   */
  function namesField(answer: Answer, field: string): boolean {
    return (
      answer.status < 500 &&
      answer.code !== undefined &&
      answer.code.startsWith('InvalidParameter') &&
      (answer.message.startsWith(`${field} must be`) || answer.message.startsWith(`${field}[0] must be`))
    );
  }

  it('starts from valid bodies: the only problem in each request below is the nested value', () => {
    for (const spec of bodyActions) {
      assert.equal(validateParams(spec, sample(spec.params as Schema, '', dev.appId)), undefined, spec.action);
    }
  });

  it('answers 10,000 levels of arrays in every field (nested fields too) of every body action, naming it', async () => {
    const nested = nestedArray(10_000);
    const cases = bodyActions.flatMap((spec) => {
      const body = sample(spec.params as Schema, '', dev.appId);
      return pathsIn(body).map((path) => async () => {
        const a = await send(spec, bodyWith(body, path, nested));
        return namesField(a, fieldName(path))
          ? undefined
          : `${spec.action} ${spec.version} ${fieldName(path)}: ${a.text}`;
      });
    });
    assert.ok(cases.length > 2000, `${cases.length} fields`);
    assert.deepEqual((await check(cases)).slice(0, 5), []);
  });

  it('answers 10,000 levels of objects in every top-level field of every body action, naming it', async () => {
    const nested = nestedObject(10_000);
    const cases = bodyActions.flatMap((spec) => {
      const body = sample(spec.params as Schema, '', dev.appId) as Record<string, unknown>;
      return Object.keys(body).map((key) => async () => {
        const a = await send(spec, bodyWith(body, [key], nested));
        // A field that is itself an object takes unknown keys (only its own fields are checked): no 5xx is enough.
        const fine = (spec.params.properties[key] as Schema).type === 'object' ? a.status < 500 : namesField(a, key);
        return fine ? undefined : `${spec.action} ${spec.version} ${key}: ${a.text}`;
      });
    });
    assert.deepEqual((await check(cases)).slice(0, 5), []);
  });

  it('answers 1k, 3k and 100k levels in the first field of every body action', async () => {
    const cases = bodyActions.flatMap((spec) => {
      const body = sample(spec.params as Schema, '', dev.appId) as Record<string, unknown>;
      const key = Object.keys(body)[0];
      if (key === undefined) return [];
      return [1_000, 3_000, 100_000].map((depth) => async () => {
        const a = await send(spec, bodyWith(body, [key], nestedArray(depth)));
        return namesField(a, key) ? undefined : `${spec.action} ${spec.version} ${key} at ${depth}: ${a.text}`;
      });
    });
    assert.ok(cases.length > 300);
    assert.deepEqual((await check(cases)).slice(0, 5), []);
  });

  it('answers nested-looking text in every query param of every GET action without a 5xx', async () => {
    // A query value is a string: it cannot carry nesting, and a field of another type says so.
    const text = nestedArray(1_000);
    const cases = queryActions.flatMap((spec) =>
      Object.entries(spec.params.properties).map(([key, schema]) => async () => {
        const params = sample(spec.params as Schema, '', dev.appId) as Record<string, unknown>;
        const query = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
        const a = await send(spec, undefined, { ...query, [key]: text });
        if (a.status >= 500) return `${spec.action} ${key}: ${a.text}`;
        const type = (schema as Schema).type;
        if (type === 'integer' || type === 'number' || type === 'boolean') {
          return namesField(a, key) ? undefined : `${spec.action} ${spec.version} ${key}: ${a.text}`;
        }
        return undefined;
      }),
    );
    assert.deepEqual((await check(cases)).slice(0, 5), []);
  });

  // Last: with valid params the handlers run (and may change the dev app).
  it('answers a valid body with an unknown field 10,000 levels deep as it would without it', async () => {
    const complaints = await check(
      bodyActions.map((spec) => async () => {
        const body = JSON.stringify(sample(spec.params as Schema, '', dev.appId));
        const a = await send(spec, body.replace(/^\{/, `{"Extra":${nestedArray(10_000)},`));
        return a.status >= 500 ? `${spec.action}: ${a.text.slice(0, 300)}` : undefined;
      }),
    );
    assert.deepEqual(complaints, []);
  });

  it('is still serving', async () => {
    const spec = bodyActions.find((s) => s.action === 'ListApps')!;
    const a = await send(spec, '{}');
    assert.equal(a.status, 200, a.text);
    assert.equal(a.code, undefined, a.text);
  });
});
