import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQps } from '../../../scripts/generator/parse-qps.js';

describe('parseQps', () => {
  it('reads every form the catalog uses', () => {
    assert.deepEqual(parseQps('60'), { kind: 'documented', qps: 60 });
    assert.deepEqual(parseQps('60 (Volcengine docs; BytePlus 2020-12-01 doc says 20)'), {
      kind: 'documented',
      qps: 60,
    });
    assert.deepEqual(parseQps('10 (per user)'), { kind: 'documented', qps: 10 });
    assert.deepEqual(parseQps('40 when Property=false; 1 when Property=true'), {
      kind: 'documented',
      qps: 40,
      conditional: { param: 'Property', equals: true, qps: 1 },
    });
    assert.deepEqual(parseQps('500/s shared (see SendUnicast)'), { kind: 'messaging' });
    assert.deepEqual(parseQps('500/s shared by SendUnicast+SendRoomUnicast+SendBroadcast+BatchSendRoomUnicast'), {
      kind: 'messaging',
    });
    assert.deepEqual(parseQps('unconfirmed'), { kind: 'default' });
  });

  it('stops on a form it has no rule for', () => {
    assert.throws(() => parseQps('about 30'), /unrecognised QPS text/);
    assert.throws(() => parseQps('40 when Property=false; 1 when Other=true'), /unrecognised conditional QPS/);
    assert.throws(() => parseQps('1 when Property=false; 40 when Property=true'), /unrecognised conditional QPS/);
    assert.throws(() => parseQps('0'), /unrecognised QPS text/);
    assert.throws(() => parseQps('30 per minute'), /unrecognised QPS text/);
  });
});
