import { ApiError } from '../../errors/api-error.js';
import { musicPage, songFilter, type MusicLibrary } from '../../music/music-library.js';
import { defineProvider, type Provider } from '../provider.js';

/** Most SongIds one ListMusics may name (catalog). */
const MAX_SONG_IDS = 200;

/** The KTV music library (catalog "Music library"): one catalogue for every app (music/music-catalogue.ts). */
export function musicLibraryProvider(library: MusicLibrary): Provider<'music-library'> {
  return defineProvider('music-library', {
    ListMusics: ({ params }) => {
      if (params.SongIds !== undefined && params.SongIds.length > MAX_SONG_IDS) {
        throw new ApiError('InvalidParameter', `SongIds names at most ${MAX_SONG_IDS} songs`);
      }
      if (params.LastUpdateTime !== undefined && params.LastUpdateTime < 0) {
        throw new ApiError('InvalidParameter', 'LastUpdateTime must be unix seconds, 0 or more');
      }
      return library.list({
        ...(params.SongIds !== undefined && { songIds: params.SongIds }),
        ...(params.LastUpdateTime !== undefined && { since: params.LastUpdateTime }),
        filter: songFilter(params.Filters),
        page: musicPage(params),
      });
    },

    SearchMusics: ({ params }) => {
      if ((params.KeyWord ?? '').length > 128)
        throw new ApiError('InvalidParameter', 'KeyWord is at most 128 characters');
      return library.search({
        keyword: params.KeyWord ?? '',
        filter: songFilter(params.Filters),
        page: musicPage(params),
      });
    },

    // The schema holds HotTypes to 1 and 2.
    ListHotMusic: ({ params }) => {
      return library.hot({
        ...(params.HotTypes !== undefined && { hotTypes: params.HotTypes }),
        ...(params.CustomHotListId !== undefined && { customIds: params.CustomHotListId }),
      });
    },
  });
}
