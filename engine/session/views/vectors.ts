/** a · b over the length of `a`. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

/** ‖v‖₂. */
export function norm(v: ArrayLike<number>): number {
  return Math.sqrt(dot(v, v));
}
