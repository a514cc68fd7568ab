import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presignUrl, verifyRequest } from '@rtc-openapi/signer';
import { vectors, vectorQuery } from './support/signing-vectors.js';

describe('presignUrl reproduces the official Node SDK getSignUrl vectors', () => {
  for (const v of vectors.presign_vectors) {
    it(`${v.id}: ${v.description}`, () => {
      const input = v.input;
      const presigned = presignUrl(
        { method: input.method, path: input.path, query: vectorQuery(input), headers: input.headers },
        {
          accessKeyId: input.access_key_id,
          secretAccessKey: input.secret_access_key,
          ...(input.session_token ? { sessionToken: input.session_token } : {}),
        },
        { region: input.region, service: input.service, date: new Date(input.date) },
      );
      assert.equal(presigned.canonicalRequest, v.expected.canonical_request);
      assert.equal(presigned.stringToSign, v.expected.string_to_sign);
      assert.equal(presigned.signature, v.expected.signature);
      assert.equal(presigned.queryString, v.expected.signed_query_string);
    });
  }
});
