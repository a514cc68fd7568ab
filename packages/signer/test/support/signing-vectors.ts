// Typed access to fixtures/vectors/signing.json (produced by the official SDKs; see its `about`).
import { readFileSync } from 'node:fs';

export interface VectorInput {
  method: string;
  path: string;
  query: Record<string, string | number | boolean | null | (string | number | boolean)[]>;
  query_pairs: [string, string | number | boolean | null][];
  headers: Record<string, string>;
  body?: string | null;
  body_base64?: string;
  body_generator?: { repeat: string; times: number };
  access_key_id: string;
  secret_access_key: string;
  session_token: string | null;
  region: string;
  service: string;
  date: string;
}

export interface ClientVector {
  id: string;
  description: string;
  input: VectorInput;
  expected: {
    x_date: string;
    credential_scope: string;
    signed_headers: string;
    x_content_sha256: string | null;
    canonical_request: string;
    string_to_sign: string;
    signing_key_hex: string;
    signature: string;
    authorization: string;
    headers_added: Record<string, string>;
  };
}

export interface PresignVector {
  id: string;
  description: string;
  input: VectorInput;
  expected: {
    x_date: string;
    canonical_request: string;
    string_to_sign: string;
    signature: string;
    signed_query_string: string;
    x_signed_queries: string;
  };
}

export interface ServerRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  body_generator?: { repeat: string; times: number };
}

export interface ServerCase {
  id: string;
  description?: string;
  mutation?: string;
  request: ServerRequest;
  server_now: string;
  secret_override?: Record<string, string>;
  reference_verifier_code?: string;
  expected: { ok: boolean; reason?: string };
}

export interface SigningVectors {
  secret_for_access_key: Record<string, string>;
  client_vectors: ClientVector[];
  presign_vectors: PresignVector[];
  server_acceptance: ServerCase[];
  server_rejection: ServerCase[];
  presign_acceptance: ServerCase[];
  quirks: { id: string; sdk_output?: ClientVector; correct_x_content_sha256?: string }[];
}

export const vectors: SigningVectors = JSON.parse(
  readFileSync(new URL('../../../../fixtures/vectors/signing.json', import.meta.url), 'utf8'),
) as SigningVectors;

/** The exact body bytes of a vector input or server request. */
export function vectorBody(input: {
  body?: string | null;
  body_base64?: string;
  body_generator?: { repeat: string; times: number };
}): string | Uint8Array | undefined {
  if (input.body_generator) return input.body_generator.repeat.repeat(input.body_generator.times);
  if (input.body_base64 !== undefined) return new Uint8Array(Buffer.from(input.body_base64, 'base64'));
  return input.body ?? undefined;
}

/** The query of a vector as our QueryInput: the JS object the Node SDK was given, nulls dropped like undefined. */
export function vectorQuery(
  input: VectorInput,
): Record<string, string | number | boolean | (string | number | boolean)[]> {
  const out: Record<string, string | number | boolean | (string | number | boolean)[]> = {};
  for (const [k, v] of Object.entries(input.query)) if (v !== null) out[k] = v;
  return out;
}
