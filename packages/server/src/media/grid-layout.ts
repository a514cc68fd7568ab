/** A tile's place on the canvas, in pixels (even numbers, as 4:2:0 video needs). */
export interface Tile {
  x: number;
  y: number;
  width: number;
  height: number;
}

const even = (n: number): number => Math.max(2, Math.floor(n / 2) * 2);

/**
 * The automatic grid (LayoutMode 0, our reading of "adaptive"): n tiles in ceil(sqrt(n)) columns, filled row by row,
 * each the same size; one stream fills the canvas.
 */
export function gridTiles(count: number, width: number, height: number): Tile[] {
  if (count <= 0) return [];
  const columns = Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / columns);
  const w = even(width / columns);
  const h = even(height / rows);
  return Array.from({ length: count }, (_, i) => ({
    x: (i % columns) * w,
    y: Math.floor(i / columns) * h,
    width: w,
    height: h,
  }));
}
