// The music actions through the whole server, signed: the shipped catalogue, and an operator's own file.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RtcApiError } from '@rtc-openapi/client';
import { CatalogueError, loadMusicCatalogue } from '../../src/music/music-catalogue.js';
import { newDataDir, startDevSession, type DevSession } from '../e2e/e2e-server.js';

interface SongList {
  List: { SongId: string; Songname: string; Singer: string; LyricType: number[]; Segment: string; UpdateAt: number }[];
  Total: number;
}

const refusedNaming = (field: string) => (e: unknown) =>
  e instanceof RtcApiError && e.code === 'InvalidParameter' && e.message.includes(field);

describe('music library, signed end to end', () => {
  let s: DevSession;
  const call = (action: string, params: Record<string, unknown>) =>
    (s.client.call as (a: string, p: unknown) => Promise<unknown>)(action, { AppId: s.dev.appId, ...params });

  before(async () => {
    s = await startDevSession({ logLevel: 'silent' });
  });
  after(() => s?.stop());

  it('ListMusics pages the shipped catalogue (10 a page by default)', async () => {
    const shipped = loadMusicCatalogue().songs;
    const first = (await call('ListMusics', {})) as SongList;
    assert.equal(first.Total, shipped.length);
    assert.equal(first.List.length, 10);
    const second = (await call('ListMusics', { PageNum: 2 })) as SongList;
    assert.deepEqual(
      [...first.List, ...second.List].map((x) => x.SongId),
      shipped.map((x) => x.SongId),
    );
    const beyond = (await call('ListMusics', { PageNum: 9 })) as SongList;
    assert.deepEqual(beyond, { List: [], Total: shipped.length });
  });

  it('ListMusics picks SongIds in the order asked, and songs updated since a time', async () => {
    const picked = (await call('ListMusics', { SongIds: ['ms-0003', 'ms-0001', 'no-such-song'] })) as SongList;
    assert.deepEqual(
      picked.List.map((x) => x.SongId),
      ['ms-0003', 'ms-0001'],
    );
    const recent = (await call('ListMusics', { LastUpdateTime: 1768000000, PageSize: 100 })) as SongList;
    assert.ok(recent.Total > 0 && recent.Total < 12);
    assert.ok(recent.List.every((x) => x.UpdateAt >= 1768000000));
  });

  it('filters: 1 keeps songs with lyrics, 4 songs with a chorus; 2 and 3 are refused', async () => {
    const lyrics = (await call('ListMusics', { Filters: [1], PageSize: 100 })) as SongList;
    assert.ok(lyrics.Total < 12 && lyrics.List.every((x) => x.LyricType.length > 0));
    const chorus = (await call('SearchMusics', { Filters: [1, 4], PageSize: 100 })) as SongList;
    assert.ok(chorus.List.every((x) => x.LyricType.length > 0 && x.Segment !== ''));
    assert.ok(chorus.Total < lyrics.Total);
    await assert.rejects(call('ListMusics', { Filters: [2] }), refusedNaming('Filters'));
    await assert.rejects(call('SearchMusics', { Filters: [3] }), refusedNaming('Filters'));
  });

  it('SearchMusics finds a keyword in the song name or the singer, any case', async () => {
    const bySinger = (await call('SearchMusics', { KeyWord: 'mira voss' })) as SongList;
    assert.deepEqual(
      bySinger.List.map((x) => x.Songname),
      ['Paper Lanterns', 'Bright Keyframe'],
    );
    const byName = (await call('SearchMusics', { KeyWord: 'LANTERN', PageSize: 1 })) as SongList;
    assert.equal(byName.Total, 2);
    assert.equal(byName.List.length, 1);
    assert.deepEqual(await call('SearchMusics', { KeyWord: 'zzz' }), { List: [], Total: 0 });
    await assert.rejects(call('SearchMusics', { PageSize: 101 }), refusedNaming('PageSize'));
    await assert.rejects(call('SearchMusics', { PageNum: 0 }), refusedNaming('PageNum'));
    await assert.rejects(
      call('ListMusics', { SongIds: Array.from({ length: 201 }, (_, i) => `s${i}`) }),
      refusedNaming('SongIds'),
    );
  });

  it('ListHotMusic: charts and custom lists, ranked', async () => {
    const all = (await call('ListHotMusic', {})) as {
      HotList: { HotType: number; CustomHotListId: string; HotSong: { SongId: string; Rank: number }[] }[];
    };
    assert.deepEqual(
      all.HotList.map((l) => l.HotType),
      [1, 1, 2],
    );
    assert.deepEqual(
      all.HotList[0]!.HotSong.slice(0, 2).map((x) => [x.SongId, x.Rank]),
      [
        ['ms-0010', 1],
        ['ms-0001', 2],
      ],
    );
    const custom = (await call('ListHotMusic', { HotTypes: [2], CustomHotListId: ['picks'] })) as typeof all;
    assert.deepEqual(
      custom.HotList.map((l) => l.CustomHotListId),
      ['picks'],
    );
    assert.deepEqual(await call('ListHotMusic', { HotTypes: [2], CustomHotListId: ['other'] }), { HotList: [] });
    await assert.rejects(call('ListHotMusic', { HotTypes: [3] }), refusedNaming('HotTypes'));
  });
});

describe("the operator's own music catalogue", () => {
  it('replaces the shipped one (serve --music-catalogue)', async () => {
    const dir = newDataDir();
    const file = join(dir, 'songs.json');
    writeFileSync(
      file,
      JSON.stringify({
        Songs: [{ SongId: 'own-1', Songname: 'Our Anthem', Singer: 'House Band', Duration: 180, LyricType: [1] }],
        HotLists: [{ HotType: 2, HotName: 'Ours', CustomHotListId: 'ours', SongIds: ['own-1'] }],
      }),
    );
    const s = await startDevSession({ logLevel: 'silent', dataDir: dir, musicCatalogue: file });
    try {
      const call = (action: string, params: Record<string, unknown>) =>
        (s.client.call as (a: string, p: unknown) => Promise<unknown>)(action, { AppId: s.dev.appId, ...params });
      const list = (await call('ListMusics', {})) as SongList;
      assert.equal(list.Total, 1);
      assert.equal(list.List[0]!.Songname, 'Our Anthem');
      const hot = (await call('ListHotMusic', {})) as { HotList: { HotSong: { SongId: string }[] }[] };
      assert.equal(hot.HotList[0]!.HotSong[0]!.SongId, 'own-1');
    } finally {
      await s.stop();
    }
  });

  it('refuses a bad file at start-up, naming the field', () => {
    const dir = newDataDir();
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ Songs: [{ SongId: 'a', Duration: 'long' }] }));
    assert.throws(
      () => loadMusicCatalogue(file),
      (e: unknown) =>
        e instanceof CatalogueError && e.message.includes('Songs[0].Duration') && e.message.includes(file),
    );
    writeFileSync(file, JSON.stringify({ Songs: [{ SongId: 'a' }], HotLists: [{ HotType: 1, SongIds: ['b'] }] }));
    assert.throws(() => loadMusicCatalogue(file), /HotLists\[0\]\.SongIds\[0\]/);
    writeFileSync(file, '{not json');
    assert.throws(() => loadMusicCatalogue(file), /not JSON/);
    assert.throws(() => loadMusicCatalogue(join(dir, 'missing.json')), /cannot be read/);
  });
});
