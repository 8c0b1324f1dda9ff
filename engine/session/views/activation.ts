import type { ActivationView } from '../../protocol/views';
import type { SessionState } from '../state';
import { curveOf, isLost, SATURATED, type Curve } from './activationCurves';

/** Curve samples across [lo, hi] and histogram bins: enough for a smooth curve in a 300 px figure. */
const SAMPLES = 161;
const BINS = 40;
/** The plot shows at least x ∈ [−4, 4]: where sigmoid and tanh bend and flatten. */
const MIN_HALF_WIDTH = 4;

/**
 * At an activation op (forward or backward), its curve with the distribution of the values it read
 * (the pre-activations x of the whole batch, computed once the cursor is at the op) and the region
 * where its gradient is lost; null at any other op.
 */
export function activationView(s: SessionState): ActivationView | null {
  if (s.fault && s.fault.event < 0) return null;
  const o = s.timeline.current === s.cursor.step ? s.timeline.outline : null;
  const e = o?.events[s.cursor.event];
  const node = e?.node;
  if (!e || !node || (e.phase !== 'forward' && e.phase !== 'backward')) return null;
  const curve = curveOf(node.op, node.attrs);
  const x = node.inputs[0];
  if (!curve || !x) return null;
  const half = Math.max(MIN_HALF_WIDTH, Math.ceil(maxAbs(x.data)));
  const [lo, hi] = [-half, half];
  const xs = Array.from({ length: SAMPLES }, (_, i) => lo + ((hi - lo) * i) / (SAMPLES - 1));
  const { counts, below, above, nonFinite, lost } = histogram(x.data, lo, hi, curve);
  const finite = x.size - nonFinite;
  const intervals = lostIntervals(curve, xs);
  const rule = curve.lost === 'dead' ? (node.op === 'relu' ? 'f′(x) = 0 for x ≤ 0' : 'f′(x) = 0') : `|f′(x)| < ${SATURATED}`;
  return {
    node: node.name,
    layer: e.layer,
    op: node.op,
    phase: e.phase,
    lo,
    hi,
    xs,
    f: xs.map((v) => curve.f(v)),
    derivative: xs.map((v) => curve.derivative(v)),
    counts,
    below,
    above,
    total: x.size,
    nonFinite,
    region: intervals.length || lost ? { kind: curve.lost, rule, intervals, count: lost, fraction: finite ? lost / finite : 0 } : null,
  };
}

function maxAbs(d: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < d.length; i++) if (Number.isFinite(d[i])) m = Math.max(m, Math.abs(d[i]));
  return m;
}

/** BINS equal bins over [lo, hi] (bin k holds lo + k·w ≤ x < lo + (k+1)·w, the last also hi), and how many x lose their gradient. */
function histogram(d: ArrayLike<number>, lo: number, hi: number, curve: Curve): { counts: number[]; below: number; above: number; nonFinite: number; lost: number } {
  const counts = new Array<number>(BINS).fill(0);
  const width = (hi - lo) / BINS;
  let [below, above, nonFinite, lost] = [0, 0, 0, 0];
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    if (isLost(curve, v)) lost++;
    if (v < lo) below++;
    else if (v > hi) above++;
    else counts[Math.min(BINS - 1, Math.floor((v - lo) / width))]++;
  }
  return { counts, below, above, nonFinite, lost };
}

/** The intervals of the samples' range where the gradient is lost, each end found by bisection between two samples. */
function lostIntervals(curve: Curve, xs: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  let start: number | null = null;
  for (let i = 0; i < xs.length; i++) {
    const lost = isLost(curve, xs[i]);
    if (lost && start === null) start = i === 0 ? xs[0] : edge(curve, xs[i - 1], xs[i]);
    if (!lost && start !== null) {
      out.push([start, edge(curve, xs[i - 1], xs[i])]);
      start = null;
    }
  }
  if (start !== null) out.push([start, xs[xs.length - 1]]);
  return out;
}

/** Where `isLost` changes between a and b (it differs at the two ends). */
function edge(curve: Curve, a: number, b: number): number {
  const atA = isLost(curve, a);
  for (let k = 0; k < 40; k++) {
    const m = (a + b) / 2;
    if (isLost(curve, m) === atA) a = m;
    else b = m;
  }
  return (a + b) / 2;
}
