import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_MIXED_PATTERN,
  DEFAULT_SINGLE_PATTERN,
  newVid,
  prefixPath,
  recordFileName,
} from '../../src/tasks/recording/record-file-name.js';

const values = {
  taskId: 'task1',
  roomId: 'room1',
  userId: 'u1',
  streamType: 1,
  startTime: 1645769481126,
  durationMs: 30_400,
};

describe('record file names (research 1.5)', () => {
  it('fills the variables, case-insensitively, and adds a random suffix when the pattern has no {Random}', () => {
    assert.match(
      recordFileName(DEFAULT_MIXED_PATTERN, values, 'mp4'),
      /^task1_room1_1645769481126_000030_[0-9a-f]{8}\.mp4$/,
    );
    assert.match(
      recordFileName(DEFAULT_SINGLE_PATTERN, values, 'mp4'),
      /^task1_room1_u1_S_1645769481126_000030_\d{8}\.mp4$/,
    );
    assert.match(
      recordFileName('{taskid}-{TYPE}-{Unknown}', { ...values, streamType: 0 }, 'mp4'),
      /^task1-C-\{Unknown\}_[0-9a-f]{8}\.mp4$/,
    );
  });

  it('cuts a name longer than 128 characters to 127 and ~, before the extension', () => {
    const name = recordFileName('x'.repeat(200), values, 'mp4');
    assert.equal(name, `${'x'.repeat(127)}~.mp4`);
  });

  it('joins the prefix parts as folders', () => {
    assert.equal(prefixPath(['directory1', 'directory2']), 'directory1/directory2/');
    assert.equal(prefixPath(undefined), '');
    assert.equal(prefixPath(['', 'a']), 'a/');
  });

  it('makes VOD ids of one shape, different each time', () => {
    const a = newVid();
    assert.match(a, /^v0[a-z0-9]{30}$/);
    assert.notEqual(a, newVid());
  });
});
