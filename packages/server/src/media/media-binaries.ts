import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Where the ffmpeg and ffprobe executables are. */
export interface MediaBinaries {
  ffmpeg: string;
  ffprobe: string;
}

const require = createRequire(import.meta.url);

/**
 * ffmpeg and ffprobe from the npm packages that ship them (`@ffmpeg-installer/ffmpeg`, `@ffprobe-installer/ffprobe`,
 * server dependencies), unless `RTC_FFMPEG_PATH` / `RTC_FFPROBE_PATH` name others. Resolved when first needed, so a
 * platform the packages do not cover still starts; its recordings then fail to start, saying why.
 */
export function findMediaBinaries(env: NodeJS.ProcessEnv = process.env): MediaBinaries {
  return {
    ffmpeg: env.RTC_FFMPEG_PATH || packagedBinary('@ffmpeg-installer/ffmpeg'),
    ffprobe: env.RTC_FFPROBE_PATH || packagedBinary('@ffprobe-installer/ffprobe'),
  };
}

function packagedBinary(name: string): string {
  let path: string;
  try {
    path = (require(name) as { path: string }).path;
  } catch (error) {
    throw new Error(`${name} has no binary for this platform (${error instanceof Error ? error.message : ''})`);
  }
  if (!existsSync(path)) throw new Error(`${name} names ${path}, which does not exist`);
  return path;
}

/** Fonts tried, in order, for the labels drawn on each stream's tile (`RTC_MEDIA_FONT` first). */
const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
];

/** A TrueType font for the tiles' labels, or undefined: tiles are then drawn without their label. */
export function findLabelFont(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env.RTC_MEDIA_FONT ? [env.RTC_MEDIA_FONT, ...FONT_CANDIDATES] : FONT_CANDIDATES;
  return candidates.find((path) => existsSync(path));
}
