/** FileFormatConfig.FileFormat: the containers a recording can be written in, one file per format. */
export const OUTPUT_FORMATS = ['MP4', 'HLS', 'FLV', 'MP3', 'AAC', 'M4A'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Each format's file extension (HLS: the playlist's). */
export const EXTENSION: Record<OutputFormat, string> = {
  MP4: 'mp4',
  HLS: 'm3u8',
  FLV: 'flv',
  MP3: 'mp3',
  AAC: 'aac',
  M4A: 'm4a',
};

/** The audio-only formats: video is left out. */
export const AUDIO_ONLY_FORMATS: ReadonlySet<OutputFormat> = new Set(['MP3', 'AAC', 'M4A']);

/** HLS segment length (seconds) (our choice; the catalog does not say). */
export const HLS_SEGMENT_SECONDS = 4;

/**
 * ffmpeg arguments that write `format` from the rendered MP4 at `source`: streams copied where the container takes
 * them (FLV, AAC in ADTS, M4A, HLS segments), MP3 encoded. HLS writes its segments beside the playlist.
 */
export function convertArgs(source: string, format: Exclude<OutputFormat, 'MP4'>, output: string, audioKbps: number) {
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', source];
  switch (format) {
    case 'FLV':
      return [...args, '-c', 'copy', '-f', 'flv', output];
    case 'AAC':
      return [...args, '-vn', '-c:a', 'copy', '-f', 'adts', output];
    case 'M4A':
      return [...args, '-vn', '-c:a', 'copy', '-movflags', '+faststart', '-f', 'ipod', output];
    case 'MP3':
      return [...args, '-vn', '-c:a', 'libmp3lame', '-b:a', `${audioKbps}k`, '-f', 'mp3', output];
    case 'HLS': {
      const segments = output.replace(/\.m3u8$/, '_%05d.ts');
      return [
        ...args,
        '-c',
        'copy',
        '-f',
        'hls',
        '-hls_time',
        String(HLS_SEGMENT_SECONDS),
        '-hls_list_size',
        '0',
        '-hls_playlist_type',
        'vod',
        '-hls_segment_filename',
        segments,
        output,
      ];
    }
  }
}
