import { readFileSync } from 'node:fs';
import defaultCatalogue from './default-catalogue.json' with { type: 'json' };

/** One song as ListMusics and SearchMusics answer it, plus its region and scene (ListHotMusic). */
export interface Song {
  SongId: string;
  Songname: string;
  Singer: string;
  /** Seconds. */
  Duration: number;
  /** 0 krc, 1 lrc; empty: no lyrics. */
  LyricType: number[];
  LyricUrl: { KrcUrl: string; LrcUrl: string; MidiUrl: string };
  PitchType: number;
  RecordType: number;
  BgmType: number;
  PosterUrl: string;
  /** The chorus segment ("mm:ss-mm:ss"); empty: none. */
  Segment: string;
  /** Unix seconds. */
  UpdateAt: number;
  VendorId: number;
  VendorName: string;
  RegionType: number;
  SceneType: number;
}

/** A hot list: platform charts are HotType 1, the project's own lists HotType 2 with a CustomHotListId. */
export interface HotList {
  HotType: number;
  HotName: string;
  CustomHotListId: string;
  CustomHotListName: string;
  /** Its songs, best ranked first. */
  SongIds: string[];
}

export interface MusicCatalogue {
  songs: readonly Song[];
  hotLists: readonly HotList[];
}

/** Why a catalogue file cannot be used: names the file and the field. */
export class CatalogueError extends Error {
  override name = 'CatalogueError';
}

/**
 * The catalogue the music actions answer from: the operator's JSON file (`serve --music-catalogue`) or, without one,
 * the small demo catalogue shipped with the server (`default-catalogue.json`, bundled into the package). Both have
 * the same shape: `{ "Songs": [...], "HotLists": [...] }` (docs/data-and-tail.md); a file that does not is refused
 * at start-up with the field named.
 */
export function loadMusicCatalogue(file?: string): MusicCatalogue {
  if (file === undefined) return parseCatalogue(defaultCatalogue, 'the shipped music catalogue');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CatalogueError(`music catalogue ${file} cannot be read: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CatalogueError(`music catalogue ${file} is not JSON: ${(error as Error).message}`);
  }
  return parseCatalogue(data, `music catalogue ${file}`);
}

type Reader = (obj: Record<string, unknown>, key: string, path: string) => unknown;

const str: Reader = (obj, key, path) => {
  const v = obj[key] ?? '';
  if (typeof v !== 'string' || v.length > 1024) throw new Error(`${path}.${key} must be a string`);
  return v;
};
const int: Reader = (obj, key, path) => {
  const v = obj[key] ?? 0;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new Error(`${path}.${key} must be a non-negative integer`);
  }
  return v;
};

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${path} must be an object`);
  return value as Record<string, unknown>;
}

function list(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${path} must be an array`);
  return value;
}

function parseSong(value: unknown, path: string): Song {
  const o = record(value, path);
  const id = str(o, 'SongId', path) as string;
  if (!/^[A-Za-z0-9_@.-]{1,128}$/.test(id))
    throw new Error(`${path}.SongId must be an ID (1 to 128 of a-z A-Z 0-9 @ . _ -)`);
  const lyricTypes = list(o.LyricType, `${path}.LyricType`).map((t, i) => {
    if (t !== 0 && t !== 1) throw new Error(`${path}.LyricType[${i}] must be 0 (krc) or 1 (lrc)`);
    return t;
  });
  const urls = record(o.LyricUrl ?? {}, `${path}.LyricUrl`);
  return {
    SongId: id,
    Songname: str(o, 'Songname', path) as string,
    Singer: str(o, 'Singer', path) as string,
    Duration: int(o, 'Duration', path) as number,
    LyricType: lyricTypes,
    LyricUrl: {
      KrcUrl: str(urls, 'KrcUrl', `${path}.LyricUrl`) as string,
      LrcUrl: str(urls, 'LrcUrl', `${path}.LyricUrl`) as string,
      MidiUrl: str(urls, 'MidiUrl', `${path}.LyricUrl`) as string,
    },
    PitchType: int(o, 'PitchType', path) as number,
    RecordType: int(o, 'RecordType', path) as number,
    BgmType: int(o, 'BgmType', path) as number,
    PosterUrl: str(o, 'PosterUrl', path) as string,
    Segment: str(o, 'Segment', path) as string,
    UpdateAt: int(o, 'UpdateAt', path) as number,
    VendorId: int(o, 'VendorId', path) as number,
    VendorName: str(o, 'VendorName', path) as string,
    RegionType: int(o, 'RegionType', path) as number,
    SceneType: int(o, 'SceneType', path) as number,
  };
}

function parseHotList(value: unknown, path: string, known: ReadonlySet<string>): HotList {
  const o = record(value, path);
  const hotType = int(o, 'HotType', path) as number;
  if (hotType !== 1 && hotType !== 2) throw new Error(`${path}.HotType must be 1 (charts) or 2 (custom list)`);
  const customId = str(o, 'CustomHotListId', path) as string;
  if (hotType === 2 && customId === '') throw new Error(`${path}.CustomHotListId is required for HotType 2`);
  const songIds = list(o.SongIds, `${path}.SongIds`).map((id, i) => {
    if (typeof id !== 'string' || !known.has(id)) throw new Error(`${path}.SongIds[${i}] is not a SongId of Songs`);
    return id;
  });
  return {
    HotType: hotType,
    HotName: str(o, 'HotName', path) as string,
    CustomHotListId: customId,
    CustomHotListName: str(o, 'CustomHotListName', path) as string,
    SongIds: songIds,
  };
}

/** Checks a catalogue's every field; the error names `source` and the field. */
export function parseCatalogue(data: unknown, source: string): MusicCatalogue {
  try {
    const root = record(data, 'the catalogue');
    const songs = list(root.Songs, 'Songs').map((s, i) => parseSong(s, `Songs[${i}]`));
    const ids = new Set<string>();
    for (const [i, s] of songs.entries()) {
      if (ids.has(s.SongId)) throw new Error(`Songs[${i}].SongId ${s.SongId} appears twice`);
      ids.add(s.SongId);
    }
    const hotLists = list(root.HotLists, 'HotLists').map((h, i) => parseHotList(h, `HotLists[${i}]`, ids));
    return { songs, hotLists };
  } catch (error) {
    if (error instanceof CatalogueError) throw error;
    throw new CatalogueError(`${source}: ${(error as Error).message}`);
  }
}
