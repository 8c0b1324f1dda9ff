import type { SurfaceGrid } from '../../protocol/views';

/** Grid points per side of the loss surface (41 × 41 = 1,681 losses). */
export const SURFACE_GRID = 41;

/**
 * Bounds around the points with a margin of a quarter of their span on each side (at least `floor`
 * wide), rounded outward to a multiple of a power of ten near a tenth of the span: the grid stays
 * the same while the path moves inside it, so it is recomputed only when the path leaves it.
 */
export function boundsAround(values: readonly number[], floor = 1): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = Math.max(hi - lo, floor);
  const unit = 10 ** Math.floor(Math.log10(span / 2));
  return [Math.floor((lo - span / 4) / unit) * unit, Math.ceil((hi + span / 4) / unit) * unit];
}

/** L(x, y) on an n × n grid over the bounds, row-major from (x0, y0). */
export function gridOf(x: readonly [number, number], y: readonly [number, number], loss: (a: number, b: number) => number, n = SURFACE_GRID): SurfaceGrid {
  const values: number[] = [];
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) values.push(loss(lerp(x, i / (n - 1)), lerp(y, j / (n - 1))));
  return { nx: n, ny: n, x, y, values };
}

/** The grid point (i, j)'s coordinates. */
export function lerp(r: readonly [number, number], f: number): number {
  return r[0] + (r[1] - r[0]) * f;
}

/** At most `points` of a path, evenly spread, the first and the last always kept. */
export function thinPath<T>(path: readonly T[], points = 500): T[] {
  if (path.length <= points) return [...path];
  return Array.from({ length: points }, (_, k) => path[Math.round((k * (path.length - 1)) / (points - 1))]);
}
