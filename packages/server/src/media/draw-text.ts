/** A font path that needs no escaping inside a quoted filter argument. */
const SAFE_FONT_PATH = /^[\w./ -]+$/;

/** Where and how big a line of text is drawn. */
export interface TextPlace {
  x: number | string;
  y: number | string;
  size: number;
}

/**
 * ffmpeg's drawtext for one line of plain text (white on a dark box), or '' without a usable font. Only letters,
 * digits and `_ @ . - # ( ) /` and spaces are kept (UserIds, stream types, counters): nothing needs escaping.
 * Text from outside (a web page's title) goes through `textfile` instead (drawTextFile).
 */
export function drawText(text: string, place: TextPlace, font: string | undefined): string {
  if (!font || !SAFE_FONT_PATH.test(font)) return '';
  const safe = text.replace(/[^\w@.#()/ -]/g, '');
  return `drawtext=fontfile='${font}':text='${safe}':${common(place)}`;
}

/**
 * drawtext reading its text, as written, from `file` (expansion off: no `%{...}` sequences), or '' without a usable
 * font or when the file's path would need escaping.
 */
export function drawTextFile(file: string, place: TextPlace, font: string | undefined): string {
  if (!font || !SAFE_FONT_PATH.test(font) || !SAFE_FONT_PATH.test(file)) return '';
  return `drawtext=fontfile='${font}':textfile='${file}':expansion=none:${common(place)}`;
}

/**
 * A stream's label in the top-left corner of its tile (recordings and live pushes), sized to the tile, as a filter to
 * append to the tile's chain (`,drawtext=...`), or '' without a usable font.
 */
export function tileLabel(text: string, tileHeight: number, font: string | undefined): string {
  const filter = drawText(text, { x: 8, y: 8, size: Math.max(10, tileHeight / 14) }, font);
  return filter && `,${filter}`;
}

function common(place: TextPlace): string {
  return (
    `x=${place.x}:y=${place.y}:fontsize=${Math.max(8, Math.round(place.size))}` +
    ':fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=4'
  );
}
