import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { CatalogField } from '../../scripts/generator/catalog-entry.js';
import { nameSharedShapes, type SharedShape, type SharedUse } from '../../scripts/generator/shared-names.js';

function field(name: string): CatalogField {
  return { name, type: 'String', required: false, notes: '' };
}

function shape(id: string, uses: Array<[string, string, string]>, fields = [field('A'), field('B')]): SharedShape {
  const list: SharedUse[] = uses.map(([action, version, path]) => ({ action, version, path, forResult: false }));
  return { id, kind: 'type', fields, uses: list };
}

describe('shared declaration names', () => {
  it('a nested object used by several actions is named after its property alone', () => {
    const names = nameSharedShapes([
      shape('canvas', [
        ['UpdateRecord', '2023-11-01', 'Layout.Canvas'],
        ['StartRecord', '2023-11-01', 'Layout.Canvas'],
      ]),
    ]);
    assert.equal(names.get('canvas'), 'Canvas');
  });

  it('one action: the action and the role; a whole params after the first action (sorted)', () => {
    const names = nameSharedShapes([
      shape('storage', [
        ['StartRecord', '2023-11-01', 'StorageConfig'],
        ['StartRecord', '2022-06-01', 'StorageConfig'],
      ]),
      shape('params', [
        ['StopRecord', '2020-12-01', ''],
        ['StopSegment', '2020-12-01', ''],
      ]),
    ]);
    assert.equal(names.get('storage'), 'StartRecordStorageConfig');
    assert.equal(names.get('params'), 'StopRecordParams');
  });

  it('a one-field result shared by several actions is named after the field, a lowercase key says so', () => {
    const result = (id: string, key: string, actions: string[]): SharedShape => ({
      id,
      kind: 'schema',
      fields: [field(key)],
      uses: actions.map((action) => ({ action, version: '2020-12-01', path: '', forResult: true })),
    });
    const names = nameSharedShapes([
      result('lower', 'message', ['BanRoomUser', 'KickUser']),
      result('upper', 'Message', ['SendUnicast', 'StartDetection']),
    ]);
    assert.equal(names.get('upper'), 'MessageResultFields');
    assert.equal(names.get('lower'), 'LowercaseMessageResultFields');
  });

  it('names that meet are qualified by version, or by parent property, never by a hash', () => {
    const names = nameSharedShapes([
      shape('v1', [
        ['GetSegmentTask', '2022-06-01', 'SegmentTask.StorageConfig'],
        ['StartSegment', '2022-06-01', 'StorageConfig'],
      ]),
      shape('v2', [
        ['GetSegmentTask', '2023-11-01', 'SegmentTask.StorageConfig'],
        ['StartSegment', '2023-11-01', 'StorageConfig'],
      ]),
      shape('custom', [['StartRecord', '2023-11-01', 'Layout.CustomLayout.Regions[]']]),
      shape('vertical', [['StartRecord', '2023-11-01', 'Layout.VerticalLayout.Regions[]']]),
    ]);
    assert.equal(names.get('v1'), 'GetSegmentTaskStorageConfig_2022_06_01');
    assert.equal(names.get('v2'), 'GetSegmentTaskStorageConfig_2023_11_01');
    assert.equal(names.get('custom'), 'StartRecordCustomLayoutRegions');
    assert.equal(names.get('vertical'), 'StartRecordVerticalLayoutRegions');
  });

  it('does not depend on the order the objects come in, and avoids the names the modules import', () => {
    const shapes = [
      shape('a', [['StartRecord', '2020-12-01', 'Data']]),
      shape('b', [['StartRecord', '2023-11-01', 'Data']]),
      shape('c', [
        ['StartRecord', '2020-12-01', 'Type'],
        ['StopRecord', '2020-12-01', 'Type'],
      ]),
    ];
    const forward = nameSharedShapes(shapes);
    assert.deepEqual(new Map([...nameSharedShapes([...shapes].reverse())].sort()), new Map([...forward].sort()));
    assert.equal(forward.get('c'), 'StartRecordType');
  });

  it('the committed shared.ts declares no hashed name', () => {
    const text = readFileSync(new URL('../../src/generated/shared.ts', import.meta.url), 'utf8');
    const names = [...text.matchAll(/^export (?:const|interface) ([A-Za-z0-9_$]+)/gm)].map((m) => m[1]!);
    assert.ok(names.length > 100);
    assert.deepEqual(
      names.filter((n) => /_[0-9a-f]{6}$/.test(n)),
      [],
    );
    assert.equal(new Set(names).size, names.length);
  });
});
