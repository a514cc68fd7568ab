import { ApiError } from '../errors/api-error.js';
import type { HotList, MusicCatalogue, Song } from './music-catalogue.js';

/**
 * `Filters` of ListMusics and SearchMusics: 1 keeps songs with lyrics, 4 songs with a chorus segment; 2 (scoring)
 * and 3 (accompaniment switch) are documented as not supported and refused (the schema allows only 1 to 4).
 */
export function songFilter(filters: readonly number[] | undefined): (s: Song) => boolean {
  const set = new Set(filters ?? []);
  for (const f of set) {
    if (f === 2 || f === 3)
      throw new ApiError('InvalidParameter', `Filters value ${f} is not supported (only 1 and 4)`);
  }
  return (s) => (!set.has(1) || s.LyricType.length > 0) && (!set.has(4) || s.Segment !== '');
}

/** PageNum (1-based, default 1) and PageSize in (0, 100], default 10. */
export function musicPage(params: { PageNum?: number; PageSize?: number }): { num: number; size: number } {
  const num = params.PageNum ?? 1;
  const size = params.PageSize ?? 10;
  if (num < 1) throw new ApiError('InvalidParameter', 'PageNum must be 1 or more');
  if (size < 1 || size > 100) throw new ApiError('InvalidParameter', 'PageSize must be from 1 to 100');
  return { num, size };
}

/** The song fields ListMusics and SearchMusics answer (not the hot lists' RegionType and SceneType). */
function songWire(s: Song) {
  const { RegionType: _r, SceneType: _s, ...wire } = s;
  return wire;
}

/** The songs of a catalogue, searched, filtered and paged as the music actions document. */
export class MusicLibrary {
  readonly #byId: ReadonlyMap<string, Song>;

  constructor(private readonly catalogue: MusicCatalogue) {
    this.#byId = new Map(catalogue.songs.map((s) => [s.SongId, s]));
  }

  /** ListMusics: the catalogue (or the SongIds asked for, in that order) updated since `since` (unix s). */
  list(p: {
    songIds?: readonly string[];
    since?: number;
    filter: (s: Song) => boolean;
    page: { num: number; size: number };
  }) {
    const picked =
      p.songIds !== undefined && p.songIds.length > 0
        ? [...new Set(p.songIds)].flatMap((id) => this.#byId.get(id) ?? [])
        : this.catalogue.songs;
    return paged(
      picked.filter((s) => (p.since === undefined || s.UpdateAt >= p.since) && p.filter(s)),
      p.page,
    );
  }

  /** SearchMusics: songs whose name or singer holds the keyword (any case); no keyword: every song. */
  search(p: { keyword: string; filter: (s: Song) => boolean; page: { num: number; size: number } }) {
    const k = p.keyword.trim().toLowerCase();
    const hits = this.catalogue.songs.filter(
      (s) => (k === '' || s.Songname.toLowerCase().includes(k) || s.Singer.toLowerCase().includes(k)) && p.filter(s),
    );
    return paged(hits, p.page);
  }

  /** ListHotMusic: the lists of the types asked for (default both); CustomHotListId narrows the custom lists. */
  hot(p: { hotTypes?: readonly number[]; customIds?: readonly string[] }) {
    const types = new Set(p.hotTypes && p.hotTypes.length > 0 ? p.hotTypes : [1, 2]);
    const custom = p.customIds && p.customIds.length > 0 ? new Set(p.customIds) : undefined;
    const lists = this.catalogue.hotLists.filter(
      (l) => types.has(l.HotType) && (l.HotType !== 2 || custom === undefined || custom.has(l.CustomHotListId)),
    );
    return { HotList: lists.map((l) => this.#hotWire(l)) };
  }

  #hotWire(l: HotList) {
    return {
      HotType: l.HotType,
      HotName: l.HotName,
      CustomHotListId: l.CustomHotListId,
      CustomHotListName: l.CustomHotListName,
      HotSong: l.SongIds.map((id, i) => {
        const s = this.#byId.get(id)!;
        return {
          SongId: s.SongId,
          Songname: s.Songname,
          Singer: s.Singer,
          Duration: s.Duration,
          LyricType: s.LyricType,
          PitchType: s.PitchType,
          RecordType: s.RecordType,
          BgmType: s.BgmType,
          PosterUrl: s.PosterUrl,
          Segment: s.Segment,
          VendorId: s.VendorId,
          VendorName: s.VendorName,
          RegionType: s.RegionType,
          SceneType: s.SceneType,
          Rank: i + 1,
        };
      }),
    };
  }
}

function paged(songs: readonly Song[], page: { num: number; size: number }) {
  const start = (page.num - 1) * page.size;
  return { List: songs.slice(start, start + page.size).map(songWire), Total: songs.length };
}
