import { dot } from './vectors';

/**
 * The sign of a principal axis: an axis a and −a describe the same component, and an eigen
 * solver may return either, so a picture drawn on its own would mirror itself whenever the solver's
 * choice changes. Two rules fix it.
 */

/** |cos| from which a new axis is taken to be the same direction as an axis shown before. */
const SAME_AXIS = 0.5;

/**
 * Without a picture to follow: the axis whose loadings sum to a positive number (Σⱼ aⱼ > 0),
 * or, when they sum to ~0, the one whose largest-|loading| component is positive. It depends on
 * the axis alone, so the same data always give the same picture; it can only change the sign
 * where Σⱼ aⱼ crosses 0, which over hundreds of training steps of the samples is the rarest of
 * the rules tried (a fixed rule cannot be flip-free: some axis always has Σⱼ aⱼ = 0).
 */
export function orientBySum(axis: Float64Array): Float64Array {
  let sum = 0;
  let largest = 0;
  for (const x of axis) {
    sum += x;
    if (Math.abs(x) > Math.abs(largest)) largest = x;
  }
  const sign = Math.abs(sum) > 1e-9 ? Math.sign(sum) : Math.sign(largest) || 1;
  return sign < 0 ? axis.map((x) => -x) : axis;
}

/**
 * Following the axes of the picture shown before (`reference`, same length d): each new axis takes
 * the sign that agrees with the earlier axis it is closest to, so the picture moves but never
 * mirrors. When two components swap order (their variances cross), the first axis follows the
 * earlier second one and the second axis is signed so that the frame keeps its handedness: the
 * picture turns by 90° instead of being reflected across its diagonal. An axis that resembles no
 * earlier one (|cos| < 0.5: a new direction) falls back to `orientBySum`.
 */
export function orientLike(axes: readonly Float64Array[], reference: readonly Float64Array[]): Float64Array[] {
  if (reference.length === 0 || reference.some((r) => r.length !== axes[0]?.length)) return axes.map(orientBySum);
  const m = axes.map((a) => reference.map((r) => dot(a, r)));
  const out: Float64Array[] = [];
  axes.forEach((axis, k) => {
    const sign = k === 1 && out.length === 1 ? handedSign(m, signOf(out[0], axes[0])) : closestSign(m[k]);
    out.push(sign === 0 ? orientBySum(axis) : sign < 0 ? axis.map((x) => -x) : axis);
  });
  return out;
}

/** The sign that makes an axis agree with the reference axis it is closest to; 0 when none is close. */
function closestSign(cosines: readonly number[]): number {
  let best = 0;
  for (const c of cosines) if (Math.abs(c) > Math.abs(best)) best = c;
  return Math.abs(best) >= SAME_AXIS ? Math.sign(best) : 0;
}

/**
 * The second axis's sign given the first's (s₀): the one that makes det [[s₀m₀₀, s₀m₀₁], [s m₁₀, s m₁₁]]
 * positive (a rotation from the earlier frame, not a reflection) when the two frames span nearly the
 * same plane; else the closest-axis rule.
 */
function handedSign(m: readonly (readonly number[])[], s0: number): number {
  if (m[0].length < 2) return closestSign(m[1]);
  const det = s0 * (m[0][0] * m[1][1] - m[0][1] * m[1][0]);
  return Math.abs(det) >= SAME_AXIS * SAME_AXIS ? Math.sign(det) : closestSign(m[1]);
}

function signOf(oriented: Float64Array, raw: Float64Array): number {
  return dot(oriented, raw) < 0 ? -1 : 1;
}
