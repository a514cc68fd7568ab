import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConstraints } from '../../../scripts/generator/parse-constraints.js';

const parse = (type: string, notes: string, name = 'Field') => parseConstraints({ name, type, notes });

describe('parseConstraints', () => {
  it('reads {0,[a,b]} as the value 0 plus an interval (BanRoomUser ForbiddenInterval)', () => {
    const c = parse('Integer', 'ban/limit duration in seconds; range {0,[10,604800]}; unit s');
    assert.deepEqual(c.range, { minimum: 10, maximum: 604800, alsoAllowed: [0] });
    assert.equal(c.enumValues, undefined);
  });

  it('reads open and closed bounds', () => {
    assert.deepEqual(parse('Float', 'region opacity; range (0.0, 1.0]; default 1.0').range, {
      exclusiveMinimum: 0,
      maximum: 1,
      alsoAllowed: [],
    });
    assert.deepEqual(parse('Float', 'crop origin x; range [0.0, 1.0); default 0.0').range, {
      minimum: 0,
      exclusiveMaximum: 1,
      alsoAllowed: [],
    });
    assert.deepEqual(parse('Integer', 'page size; range (0,100]; default 10').range, {
      exclusiveMinimum: 0,
      maximum: 100,
      alsoAllowed: [],
    });
  });

  it('takes the envelope of several ranges and admits a documented default outside the range', () => {
    const bitrate = parse('Integer', 'audio bitrate (kbps); range [32,192]; range [32,64]; range [64,192]; default 64');
    assert.deepEqual(bitrate.range, { minimum: 32, maximum: 192, alsoAllowed: [] });
    const blank = parse('Integer', 'blank-page check interval; range [2,30]; default 0; unit s');
    assert.deepEqual(blank.range, { minimum: 2, maximum: 30, alsoAllowed: [0] });
  });

  it('drops a range the service clamps rather than enforces', () => {
    const c = parse(
      'Integer',
      'seconds; documented range {0,[60,259200]} (text also says values in (0,10) are raised to 10 and >259200 lowered)',
    );
    assert.equal(c.range, undefined);
    assert.match(c.dropped.join(), /clamped/);
  });

  it('reads clean integer enums and refuses noisy ones', () => {
    assert.deepEqual(
      parse('Integer', 'default 0; values: 0 adaptive layout; 1 vertical layout; 2 custom layout').enumValues,
      [0, 1, 2],
    );
    assert.deepEqual(
      parse('Integer', 'AAC profile; default 0; values: 0 LC; 1 HE-AAC v1; 2 HE-AAC v2 2 supported default 0')
        .enumValues,
      [0, 1, 2],
    );
    assert.deepEqual(parse('Integer', 'number of audio channels; default 2; values: 1; 2').enumValues, [1, 2]);
    // a lone value is a truncated SDK comment; "0 0 scale" and "0 1 default 0" are not lists we can trust
    assert.equal(parse('Integer', 'fit mode; default 0; values: 0').enumValues, undefined);
    assert.equal(
      parse('Integer', 'fit mode; default 0; values: 0 0 scale to region size (may distort)').enumValues,
      undefined,
    );
    assert.equal(parse('Integer', 'sort order; default 0; values: 0 1 default 0').enumValues, undefined);
    assert.equal(parse('Integer', 'type; values: Tos1 object storage supported').enumValues, undefined);
    assert.equal(parse('Integer', 'x; default 5; values: 0 a; 1 b').enumValues, undefined, 'default outside the list');
    assert.equal(parse('String', 'aggregation interval; values: 1d 1; 1h 1').enumValues, undefined);
  });

  it('enforces no "max N" on numbers (page sizes clamp) and reads string lengths only when unambiguous', () => {
    const pageSize = parse('Integer', 'page size; default 20; max 100');
    assert.equal(pageSize.range, undefined);
    assert.match(pageSize.dropped.join(), /not read as a bound/);
    assert.equal(parse('String', 'application name; max 24; max length 24').maxLength, 24);
    assert.equal(
      parse('String', 'custom data injected into the stream (<=4 kB); max 4 kB; max length 4').maxLength,
      undefined,
    );
  });

  it('marks ID fields by name or by the quoted pattern', () => {
    assert.equal(parse('String', 'user identifier inside the room', 'UserId').id, true);
    assert.equal(parse('Array of String', 'recipient user id(s)', 'To').id, true);
    assert.equal(parse('String', 'file-name prefix; pattern [a-zA-Z0-9_@\\-\\.]{1,128}', 'Prefix').id, true);
    assert.equal(parse('String', 'RTC application identifier', 'AppId').id, false);
    assert.equal(parse('Integer', 'some id', 'UserId').id, false);
  });

  it('records documented defaults without turning them into constraints', () => {
    assert.equal(parse('Integer', 'frame rate; range [1,60]; default 15').default, 15);
    assert.equal(
      parse('Boolean', 'update only the fields supplied; default False; values: False no; True yes').default,
      false,
    );
    assert.equal(parse('Integer', 'x; default 0; default 1').default, undefined);
  });
});
