import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { verifyRequest } from '@rtc-openapi/signer';
import { cleanEnv, runCli } from '../support/run-cli.js';

const AK = 'AKLTcli';
const SK = 'cli-secret-never-printed';
/** The params of every GetRecordTask call below. */
const RECORD_TASK_PARAMS = ['--param', 'AppId=x', '--param', 'RoomId=r', '--param', 'TaskId=t'];

interface Seen {
  method: string;
  query: URLSearchParams;
  body: string;
  authorization: string | undefined;
}

describe('rtc-openapi call', () => {
  let server: Server;
  let endpoint: string;
  let seen: Seen[];
  let reply: (req: Seen) => { status: number; body: unknown };
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rtc-cli-'));
    server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const request: Seen = {
          method: req.method!,
          query: new URL(req.url!, 'http://x').searchParams,
          body,
          authorization: req.headers.authorization,
        };
        seen.push(request);
        const verdict = await verifyRequest(
          { method: req.method!, url: req.url!, headers: req.headers as Record<string, string>, body },
          { lookupSecret: (id) => (id === AK ? SK : undefined) },
        );
        const meta = {
          RequestId: 'rid-cli',
          Action: request.query.get('Action'),
          Version: request.query.get('Version'),
        };
        const answer = verdict.ok
          ? reply(request)
          : {
              status: 401,
              body: { ResponseMetadata: { ...meta, Error: { Code: verdict.code, Message: verdict.message } } },
            };
        const envelope =
          typeof answer.body === 'object' && answer.body !== null && 'ResponseMetadata' in answer.body
            ? answer.body
            : { ResponseMetadata: meta, Result: answer.body };
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(envelope));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    seen = [];
    reply = (request) => ({ status: 200, body: { Echo: request.query.get('Action') } });
  });

  const env = () => cleanEnv({ VOLC_ACCESSKEY: AK, VOLC_SECRETKEY: SK });

  test('a GET action: typed --param values in the signed query, the Result as JSON on stdout', async () => {
    const result = await runCli(
      [
        'call',
        'ListRoomInfo',
        '--endpoint',
        endpoint,
        '--param',
        'AppId=app',
        '--param',
        'StartTime=100',
        '--param',
        'EndTime=200',
        '--param',
        'PageSize=5',
      ],
      { env: env() },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { Echo: 'ListRoomInfo' });
    assert.equal(seen[0]!.method, 'GET');
    assert.equal(seen[0]!.query.get('Version'), '2023-11-01');
    assert.equal(seen[0]!.query.get('PageSize'), '5');
  });

  test('a POST action: --json from stdin, --param on top with dotted keys and numbers, pinned --version', async () => {
    const stdin = JSON.stringify({ AppId: 'app', RoomId: 'room', TaskId: 'from-json' });
    const result = await runCli(
      [
        'call',
        'StopRecord',
        '--version',
        '2022-06-01',
        '--endpoint',
        endpoint,
        '--json',
        '-',
        '--param',
        'TaskId=from-flag',
      ],
      { env: env(), stdin },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(seen[0]!.query.get('Version'), '2022-06-01');
    assert.deepEqual(JSON.parse(seen[0]!.body), { AppId: 'app', RoomId: 'room', TaskId: 'from-flag' });

    const file = join(dir, 'params.json');
    writeFileSync(file, JSON.stringify({ AppId: 'app', RoomId: 'room', UserId: 'u' }));
    const ban = await runCli(
      [
        'call',
        'BanUserStream',
        '--endpoint',
        endpoint,
        '--json',
        file,
        '--param',
        'ForbiddenInterval=600',
        '--param',
        'Audio=true',
      ],
      { env: env() },
    );
    assert.equal(ban.code, 0, ban.stderr);
    assert.deepEqual(JSON.parse(seen[1]!.body), {
      AppId: 'app',
      RoomId: 'room',
      UserId: 'u',
      ForbiddenInterval: 600,
      Audio: true,
    });
  });

  test('a service error: code, message and RequestId on stderr, exit 1, no secret anywhere', async () => {
    reply = () => ({
      status: 400,
      body: {
        ResponseMetadata: {
          RequestId: 'rid-failed',
          Action: 'GetRecordTask',
          Version: '2023-11-01',
          Error: { Code: 'InvalidParameter.NotExistAppId', Message: 'app not found' },
        },
      },
    });
    const result = await runCli(['call', 'GetRecordTask', '--endpoint', endpoint, ...RECORD_TASK_PARAMS], {
      env: env(),
    });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /InvalidParameter\.NotExistAppId: app not found/);
    assert.match(result.stderr, /RequestId: rid-failed/);
    assert.ok(!result.stderr.includes(SK));
  });

  test('a wrong secret: SignatureDoesNotMatch with the canonical request to compare, the secret never shown', async () => {
    const result = await runCli(
      [
        'call',
        'GetRecordTask',
        '--endpoint',
        endpoint,
        '--access-key-id',
        AK,
        '--secret-access-key',
        'wrong-secret',
        ...RECORD_TASK_PARAMS,
      ],
      { env: cleanEnv() },
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /SignatureDoesNotMatch/);
    assert.match(result.stderr, /canonical request this client signed:\nGET\n\/\nAction=GetRecordTask&AppId=x/);
    assert.ok(!result.stderr.includes('wrong-secret'));
  });

  test('bad input is refused before sending, exit 2, naming the field', async () => {
    const missing = await runCli(['call', 'GetRecordTask', '--endpoint', endpoint, '--param', 'AppId=x'], {
      env: env(),
    });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /field: (RoomId|TaskId)/);
    const unknown = await runCli(['call', 'GetRecordTask', '--endpoint', endpoint, '--param', 'Nope=1'], {
      env: env(),
    });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Nope is not a param of GetRecordTask 2023-11-01/);
    const action = await runCli(['call', 'NoSuchAction', '--endpoint', endpoint], { env: env() });
    assert.equal(action.code, 2);
    assert.match(action.stderr, /NoSuchAction is not a catalogued action/);
    assert.equal(seen.length, 0);
  });

  test('credentials from a profile file; a file others can read is refused with the reason', async () => {
    const file = join(dir, 'credentials');
    writeFileSync(
      file,
      `# test profiles\n[default]\naccess_key_id = AKwrong\nsecret_access_key = nope\n\n[ci]\naccess_key_id = ${AK}\nsecret_access_key = ${SK}\nendpoint = ${endpoint}\n`,
    );
    chmodSync(file, 0o600);
    const args = ['call', 'GetRecordTask', '--profile', 'ci', ...RECORD_TASK_PARAMS];
    const ok = await runCli(args, { env: cleanEnv({ RTC_OPENAPI_CREDENTIALS_FILE: file }) });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(seen[0]!.authorization!, new RegExp(`Credential=${AK}/`));

    chmodSync(file, 0o644);
    const refused = await runCli(args, { env: cleanEnv({ RTC_OPENAPI_CREDENTIALS_FILE: file }) });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /accessible to other users \(mode 644\).*chmod 600/);
    assert.equal(seen.length, 1);
  });

  test('no credentials anywhere: a message saying where they may come from', async () => {
    const result = await runCli(['call', 'GetRecordTask', '--endpoint', endpoint, ...RECORD_TASK_PARAMS]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no credentials: pass --access-key-id .* VOLC_ACCESSKEY .* access_key_id/);
  });
});
