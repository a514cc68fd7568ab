/** A file a task stored, as RecordFileList names it. */
export interface TaskFile {
  ObjectKey?: string;
  Vid?: string;
  Duration: number;
  Size: number;
  VideoWidth?: number;
  VideoHeight?: number;
}

export const VIDEO = /\.(mp4|webm)$/i;
export const AUDIO = /\.(m4a|mp3|aac)$/i;
export const IMAGE = /\.(jpe?g|png)$/i;
export const PLAYABLE = /\.(mp4|webm|m4a|mp3|aac|jpe?g|png)$/i;

/** The last files of a kind shown at once (a snapshot task may have stored hundreds). */
const SHOWN = 12;

/** A stored file through the console's API (HTTP range requests, so a player can seek). */
export function fileUrl(bucket: string, key: string): string {
  return `/console/api/files/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** One file in the page: a video or audio player, or the image. */
export function Player({ url, onClose }: { url: string; onClose: () => void }) {
  return (
    <div class="player">
      {IMAGE.test(url) ? (
        <img src={url} alt={url} />
      ) : AUDIO.test(url) ? (
        <audio src={url} controls data-testid="player" />
      ) : (
        <video src={url} controls data-testid="player" />
      )}
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}

/** A task's files as media: snapshots as images, segments and audio recordings as players, videos as players. */
export function MediaFiles({ bucket, files }: { bucket: string; files: readonly TaskFile[] }) {
  const keys = files.flatMap((f) => (f.ObjectKey ? [f.ObjectKey] : []));
  const images = keys.filter((k) => IMAGE.test(k)).slice(-SHOWN);
  const audio = keys.filter((k) => AUDIO.test(k)).slice(-SHOWN);
  const video = keys.filter((k) => VIDEO.test(k)).slice(-SHOWN);
  return (
    <div class="media">
      {images.length > 0 && (
        <>
          <h3>Images</h3>
          <div class="gallery" data-testid="gallery">
            {images.map((key) => (
              <figure key={key}>
                <img src={fileUrl(bucket, key)} alt={key} loading="lazy" />
                <figcaption>{key.split('/').pop()}</figcaption>
              </figure>
            ))}
          </div>
        </>
      )}
      {audio.length > 0 && (
        <>
          <h3>Audio</h3>
          {audio.map((key) => (
            <div key={key} class="clip">
              <audio src={fileUrl(bucket, key)} controls preload="metadata" data-key={key} />
              <small>{key.split('/').pop()}</small>
            </div>
          ))}
        </>
      )}
      {video.map((key) => (
        <div key={key} class="clip">
          <video src={fileUrl(bucket, key)} controls preload="metadata" data-key={key} />
          <small>{key.split('/').pop()}</small>
        </div>
      ))}
    </div>
  );
}
