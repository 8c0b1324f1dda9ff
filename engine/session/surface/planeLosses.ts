import { Tape } from '../../autograd/tape';
import { matmulInto } from '../../kernels/matmul';
import { getOp, type Attrs } from '../../ops/registry';
import { Tensor } from '../../tensor/tensor';
import { applyLoss } from '../../train/loss';
import type { AffineStage, DenseChain } from './denseChain';
import type { Plane } from './plane';

/** The plane as plain vectors (what a thread is sent). */
export type PlaneVectors = Pick<Plane, 'origin' | 'directions'>;

/**
 * L(origin + a·d₁ + b·d₂) of a dense chain, for many (a, b) of one plane. The first layer's
 * pre-activation is linear in (a, b): with W = W₀ + a·D₁ + b·D₂ and bias e₀ + a·e₁ + b·e₂,
 *   X Wᵀ + bias = X W₀ᵀ + a·X D₁ᵀ + b·X D₂ᵀ + (e₀ + a·e₁ + b·e₂),
 * so the three products are made once per plane and each point only combines them. Later layers see
 * a nonlinear function of (a, b) and get their weights W₀ + a·D₁ + b·D₂ written per point, then one
 * matmul. Every buffer is made once; the loss is the engine's own op on the last one.
 */
export class PlaneLosses {
  private readonly first: AffineStage;
  /** X W₀ᵀ, X D₁ᵀ, X D₂ᵀ: examples × first.out. */
  private readonly products: readonly [Float64Array, Float64Array, Float64Array];
  /** Each later stage's output (an activation writes in place); weights scratch of the widest W. */
  private readonly outputs: Float64Array[];
  private readonly weights: Float64Array;
  private readonly bias: Float64Array;
  private readonly target: Tensor;

  constructor(
    private readonly chain: DenseChain,
    private readonly plane: PlaneVectors,
  ) {
    const first = chain.stages[0];
    if (first.kind !== 'affine') throw new Error('a dense chain starts with an affine stage');
    this.first = first;
    const [d1, d2] = plane.directions;
    const n = chain.examples;
    this.products = [plane.origin, d1, d2].map((v) => {
      const out = new Float64Array(n * first.out);
      matmulInto(chain.input, v.subarray(first.w, first.w + first.out * first.in), out, n, first.in, first.out, false, true);
      return out;
    }) as [Float64Array, Float64Array, Float64Array];
    const affine = chain.stages.filter((s): s is AffineStage => s.kind === 'affine');
    this.outputs = affine.map((s) => new Float64Array(n * s.out));
    this.weights = new Float64Array(Math.max(...affine.map((s) => s.out * s.in)));
    this.bias = new Float64Array(Math.max(...affine.map((s) => s.out)));
    this.target = new Tensor(chain.target.data, chain.target.shape);
  }

  /** L(origin + a·d₁ + b·d₂). */
  at(a: number, b: number): number {
    const { chain } = this;
    const n = chain.examples;
    let h = this.firstLayer(a, b);
    let width = this.first.out;
    let next = 1;
    for (let s = 1; s < chain.stages.length; s++) {
      const stage = chain.stages[s];
      if (stage.kind === 'act') {
        activate(stage.op, stage.attrs, h, n, width);
        continue;
      }
      const out = this.outputs[next++];
      this.affine(stage, a, b, h, out);
      h = out;
      width = stage.out;
    }
    const tape = new Tape();
    tape.recordGrad = false;
    tape.bookkeeping = false;
    return applyLoss(tape, chain.loss, new Tensor(h, [n, width]), this.target).data[0];
  }

  /** X W₀ᵀ + a·X D₁ᵀ + b·X D₂ᵀ + (e₀ + a·e₁ + b·e₂), into the first output. */
  private firstLayer(a: number, b: number): Float64Array {
    const { out: width } = this.first;
    const [p0, p1, p2] = this.products;
    const e = this.biasAt(this.first, a, b);
    const z = this.outputs[0];
    for (let i = 0; i < z.length; i += width) for (let k = 0; k < width; k++) z[i + k] = p0[i + k] + a * p1[i + k] + b * p2[i + k] + e[k];
    return z;
  }

  /** out = h (W₀ + a·D₁ + b·D₂)ᵀ + (e₀ + a·e₁ + b·e₂): the engine's matmul, then its add. */
  private affine(stage: AffineStage, a: number, b: number, h: Float64Array, out: Float64Array): void {
    const [o, d1, d2] = [this.plane.origin, ...this.plane.directions];
    const size = stage.out * stage.in;
    const W = this.weights;
    for (let i = 0, j = stage.w; i < size; i++, j++) W[i] = o[j] + a * d1[j] + b * d2[j];
    matmulInto(h, W.subarray(0, size), out, this.chain.examples, stage.in, stage.out, false, true);
    if (stage.b === null) return;
    const e = this.biasAt(stage, a, b);
    for (let i = 0; i < out.length; i += stage.out) for (let k = 0; k < stage.out; k++) out[i + k] += e[k];
  }

  /** The stage's bias at the point (zeros without one), as θ holds it there (./plane.ts pointOf). */
  private biasAt(stage: AffineStage, a: number, b: number): Float64Array {
    const [o, d1, d2] = [this.plane.origin, ...this.plane.directions];
    const e = this.bias;
    for (let k = 0, j = stage.b ?? 0; k < stage.out; k++, j++) e[k] = stage.b === null ? 0 : o[j] + a * d1[j] + b * d2[j];
    return e;
  }
}

/** The activation op on h (n × width), in place; tanh, ReLU and σ inline as their kernels (ops/activations.ts) compute them. */
function activate(op: string, attrs: Attrs, h: Float64Array, n: number, width: number): void {
  if (op === 'tanh') for (let i = 0; i < h.length; i++) h[i] = Math.tanh(h[i]);
  else if (op === 'sigmoid') for (let i = 0; i < h.length; i++) h[i] = 1 / (1 + Math.exp(-h[i]));
  else if (op === 'relu') for (let i = 0; i < h.length; i++) h[i] = h[i] > 0 || h[i] !== h[i] ? h[i] : 0;
  else h.set(getOp(op).forward([new Tensor(h, [n, width])], attrs)[0].data);
}
