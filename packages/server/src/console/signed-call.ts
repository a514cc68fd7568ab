import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { getActionSpec, type ActionSpec } from '@rtc-openapi/api';
import { signRequest } from '@rtc-openapi/signer';
import type { IdentityGate } from '../identity/principal.js';
import { DEFAULT_REGION } from '../gateway/credential-region.js';
import { readCapped } from '../net/read-capped.js';
import { withOutboundTimeout } from '../net/outbound-timeout.js';
import { RecordError } from '../store/record-error.js';
import { cliCommand } from './cli-command.js';

export interface ExplorerCall {
  accessKeyId: string;
  action: string;
  version: string;
  params: Record<string, unknown>;
}

export interface ExplorerAnswer {
  httpStatus: number;
  /** The envelope as the server answered it (parsed JSON). */
  envelope: unknown;
  /** The same call from a shell; the secret comes from VOLC_SECRETKEY, never from this text. */
  command: string;
}

type QueryValue = string | number | boolean | readonly (string | number | boolean)[];
const TIMEOUT_MS = 30_000;
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/**
 * The API explorer's call, signed here on the server with the chosen access key's secret (which never reaches
 * the browser) and sent over HTTP to this very server, through the whole gateway like any client's call.
 */
export async function sendSignedCall(
  identity: IdentityGate,
  req: IncomingMessage,
  secure: boolean,
  call: ExplorerCall,
): Promise<ExplorerAnswer> {
  const spec = getActionSpec(call.action, call.version);
  if (spec === undefined) {
    throw new RecordError('invalid', `${call.action} ${call.version} is not a catalogued action-version`, 'action');
  }
  const key = await identity.resolveAccessKey(call.accessKeyId);
  if (key === undefined)
    throw new RecordError('invalid', `access key ${call.accessKeyId} is unknown or disabled`, 'accessKeyId');
  if (key.checkSessionToken !== undefined) {
    throw new RecordError('invalid', 'a temporary key needs its session token: choose a long-term key', 'accessKeyId');
  }
  const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
  const built = buildSigned(spec, call.params, host, { accessKeyId: call.accessKeyId, secret: key.secretAccessKey });
  const { status, text } = await send(req, secure, built);
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    envelope = text;
  }
  const endpoint = `${secure ? 'https' : 'http'}://${host}`;
  return { httpStatus: status, envelope, command: cliCommand(spec, call.params, endpoint, call.accessKeyId) };
}

interface BuiltCall {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** The catalog's placement of params (query or JSON body), as the client and the CLI send them. */
function buildSigned(
  spec: ActionSpec,
  params: Record<string, unknown>,
  host: string,
  key: { accessKeyId: string; secret: string },
): BuiltCall {
  const query: Record<string, QueryValue> = { Action: spec.action, Version: spec.version };
  let body: string | undefined;
  const headers: Record<string, string> = { host };
  if (spec.paramsIn === 'query') {
    for (const [name, value] of Object.entries(params)) {
      if (value === undefined || value === null || name === 'Action' || name === 'Version') continue;
      query[name] = typeof value === 'object' && !Array.isArray(value) ? JSON.stringify(value) : (value as QueryValue);
    }
  }
  if (spec.method === 'POST') {
    headers['content-type'] = 'application/json';
    body = spec.paramsIn === 'body' ? JSON.stringify(params) : '';
  }
  const signed = signRequest(
    { method: spec.method, path: '/', query, headers, body },
    { accessKeyId: key.accessKeyId, secretAccessKey: key.secret },
    { region: DEFAULT_REGION, service: 'rtc' },
  );
  return { method: spec.method, path: `/?${signed.queryString}`, headers: signed.headers, body };
}

function send(req: IncomingMessage, secure: boolean, call: BuiltCall): Promise<{ status: number; text: string }> {
  const request = secure ? httpsRequest : httpRequest;
  return withOutboundTimeout(
    TIMEOUT_MS,
    (signal) =>
      new Promise((resolve, reject) => {
        const outgoing = request(
          {
            host: req.socket.localAddress,
            port: req.socket.localPort,
            method: call.method,
            path: call.path,
            headers: call.headers,
            signal,
            // This server's own socket, reached by address: its certificate names a host, not the address.
            ...(secure && { rejectUnauthorized: false }),
          },
          (answer) => {
            readCapped(Readable.toWeb(answer) as ReadableStream<Uint8Array>, MAX_ANSWER_BYTES).then(
              (bytes) => resolve({ status: answer.statusCode ?? 0, text: bytes.toString('utf8') }),
              reject,
            );
          },
        );
        outgoing.on('error', reject);
        outgoing.end(call.body);
      }),
  );
}
