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

/** LayoutMode 1 (vertical) and 3 (side by side): one main stream large, the others small beside or over it. */
export type FeaturedMode = 'vertical' | 'side';

/**
 * The main tile and the others' tiles (our reading of the catalog's two words, docs/tasks.md). Vertical: the main
 * stream fills the canvas and the others are quarter-size tiles down its right edge, over it, four to a column,
 * further columns to the left. Side by side: the main stream takes the left three quarters, the others share the
 * right quarter top to bottom. Alone, the main stream fills the canvas either way.
 */
export function featuredTiles(
  mode: FeaturedMode,
  others: number,
  width: number,
  height: number,
): { main: Tile; others: Tile[] } {
  if (others <= 0) return { main: { x: 0, y: 0, width: even(width), height: even(height) }, others: [] };
  const w = even(width / 4);
  if (mode === 'vertical') {
    const h = even(height / 4);
    const tiles = Array.from({ length: others }, (_, i) => ({
      x: Math.max(0, even(width) - w * (1 + Math.floor(i / 4))),
      y: (i % 4) * h,
      width: w,
      height: h,
    }));
    return { main: { x: 0, y: 0, width: even(width), height: even(height) }, others: tiles };
  }
  const h = even(height / others);
  const left = even(width - w);
  return {
    main: { x: 0, y: 0, width: left, height: even(height) },
    others: Array.from({ length: others }, (_, i) => ({ x: left, y: i * h, width: w, height: h })),
  };
}
