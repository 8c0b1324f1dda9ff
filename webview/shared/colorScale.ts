import type { Palette, Rgb } from './theme';

/**
 * Colour scales between theme colours. Interpolation is in OKLab, so equal steps in value look like
 * equal steps in colour, whichever theme colours are the ends.
 */
export type ScaleSpec =
  /** Values in [min, max]: from the background (min) to the accent (max). */
  | { readonly kind: 'sequential'; readonly min: number; readonly max: number; readonly accent: 'blue' | 'orange' | 'green' | 'purple'; readonly log?: boolean }
  /** Signed values: red below zero, background at zero, blue above, symmetric in |value|. */
  | { readonly kind: 'diverging'; readonly absMax: number };

export interface ColorScale {
  readonly spec: ScaleSpec;
  color(value: number): Rgb;
  /** Where a value falls along the legend, 0 … 1. */
  position(value: number): number;
  /** The colour at a legend position 0 … 1. */
  at(position: number): Rgb;
}

type Lab = readonly [number, number, number];

const toLinear = (v: number): number => {
  const s = v / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const fromLinear = (v: number): number => {
  const s = v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055;
  return Math.round(Math.min(1, Math.max(0, s)) * 255);
};

// OKLab (Björn Ottosson, 2020): linear sRGB → LMS → cube root → Lab, and back.
function toLab(c: Rgb): Lab {
  const [r, g, b] = c.map(toLinear);
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s, 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s, 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s];
}

function fromLab([L, a, b]: Lab): Rgb {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return [
    fromLinear(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s),
    fromLinear(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s),
    fromLinear(-0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s),
  ];
}

/** A ramp through `stops` (evenly spaced), sampled once into a lookup table. */
function ramp(stops: readonly Rgb[], size = 256): (t: number) => Rgb {
  const labs = stops.map(toLab);
  const table: Rgb[] = [];
  for (let i = 0; i < size; i++) {
    const x = (i / (size - 1)) * (labs.length - 1);
    const k = Math.min(labs.length - 2, Math.floor(x));
    const f = x - k;
    const [p, q] = [labs[k], labs[k + 1]];
    table.push(fromLab([p[0] + (q[0] - p[0]) * f, p[1] + (q[1] - p[1]) * f, p[2] + (q[2] - p[2]) * f]));
  }
  return (t) => table[Math.round(Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (size - 1))];
}

/** NaN and ±Inf get their own colour so they stand out from any value. */
export const nonFiniteColor = (p: Palette): Rgb => p.yellow;

export function colorScale(spec: ScaleSpec, palette: Palette): ColorScale {
  if (spec.kind === 'diverging') {
    const at = ramp([palette.red, palette.background, palette.blue]);
    const m = spec.absMax > 0 ? spec.absMax : 1;
    const position = (v: number): number => 0.5 + Math.max(-1, Math.min(1, v / m)) / 2;
    return { spec, at, position, color: (v) => (Number.isFinite(v) ? at(position(v)) : nonFiniteColor(palette)) };
  }
  // The low end sits a little off the background so that the smallest cells still read as cells.
  const at = ramp([mixRgb(palette.background, palette[spec.accent], 0.08), palette[spec.accent]]);
  const f = spec.log ? (v: number) => Math.log10(Math.max(v, Number.MIN_VALUE)) : (v: number) => v;
  const [lo, hi] = [f(spec.min), f(spec.max)];
  const position = (v: number): number => (hi > lo ? (f(v) - lo) / (hi - lo) : 1);
  return { spec, at, position, color: (v) => (Number.isFinite(v) ? at(position(v)) : nonFiniteColor(palette)) };
}

export function mixRgb(a: Rgb, b: Rgb, t: number): Rgb {
  const [p, q] = [toLab(a), toLab(b)];
  return fromLab([p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t, p[2] + (q[2] - p[2]) * t]);
}

/** The scale that suits a set of values: [0, 1] stays fixed (activations, probabilities), signed ones diverge. */
export function scaleFor(values: ArrayLike<number>, accent: 'blue' | 'orange' | 'green' | 'purple' = 'blue'): ScaleSpec {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return { kind: 'sequential', min: 0, max: 1, accent };
  if (min >= 0 && max <= 1) return { kind: 'sequential', min: 0, max: 1, accent };
  if (min >= 0) return { kind: 'sequential', min: 0, max, accent };
  return { kind: 'diverging', absMax: Math.max(Math.abs(min), Math.abs(max)) };
}
