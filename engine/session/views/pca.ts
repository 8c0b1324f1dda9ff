/**
 * The first two principal components of the rows of an (n, d) matrix, by power iteration on the
 * covariance (d × d, with deflation), deterministic: the start vector is fixed. Returns each row's
 * coordinates and the share of the total variance each component explains.
 */
export function pca2(data: ArrayLike<number>, n: number, d: number): { points: [number, number][]; explained: [number, number] } {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j] / n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const xa = data[i * d + a] - mean[a];
      for (let b = 0; b < d; b++) cov[a * d + b] += (xa * (data[i * d + b] - mean[b])) / Math.max(1, n - 1);
    }
  }
  let trace = 0;
  for (let a = 0; a < d; a++) trace += cov[a * d + a];
  const c1 = powerIteration(cov, d);
  deflate(cov, d, c1.vector, c1.value);
  const c2 = powerIteration(cov, d);
  const points: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    let p = 0;
    let q = 0;
    for (let j = 0; j < d; j++) {
      const x = data[i * d + j] - mean[j];
      p += x * c1.vector[j];
      q += x * c2.vector[j];
    }
    points.push([p, q]);
  }
  const share = (v: number): number => (trace > 0 ? Math.max(0, v) / trace : 0);
  return { points, explained: [share(c1.value), share(c2.value)] };
}

function powerIteration(m: Float64Array, d: number): { vector: Float64Array; value: number } {
  let v = new Float64Array(d).map((_, j) => 1 / Math.sqrt(d) + j * 1e-3);
  let value = 0;
  for (let it = 0; it < 200; it++) {
    const w = new Float64Array(d);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) w[a] += m[a * d + b] * v[b];
    const norm = Math.hypot(...w);
    if (norm === 0) return { vector: v, value: 0 };
    value = norm;
    v = w.map((x) => x / norm);
  }
  return { vector: v, value };
}

function deflate(m: Float64Array, d: number, v: Float64Array, value: number): void {
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) m[a * d + b] -= value * v[a] * v[b];
}
