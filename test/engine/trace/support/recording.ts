import { BackstepError } from '../../../../engine/errors';
import { TRACE_FORMAT, TRACE_INLINE_VERSION, TRACE_VERSION, type TraceIndex, type TraceOp, type TraceReader, type TraceStats, type TraceStep, type TraceTensor, type TraceUpdate } from '../../../../engine/trace/format';
import { Tensor } from '../../../../engine/tensor/tensor';

/** The chunk every full-valued tensor of a built recording names. */
export const CHUNK = 'c0.safetensors';

/**
 * Builds recordings in memory: tensors get their stats computed from the values given, and the
 * reader's `values()` answers from those values (counting reads, so tests can see laziness).
 */
export class RecordingBuilder {
  readonly stored = new Map<string, { shape: readonly number[]; data: Float64Array }>();
  reads = 0;

  tensor(id: string, shape: readonly number[], values: ArrayLike<number>, statsOnly = false): TraceTensor {
    const data = Float64Array.from(values);
    if (data.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`${id}: ${data.length} values for shape [${shape.join(',')}]`);
    if (!statsOnly) this.stored.set(id, { shape, data });
    return { id, shape, dtype: 'F32', stats: statsOf(data), ...(statsOnly ? {} : { chunk: CHUNK }) };
  }

  reader(index: TraceIndex, file = '/work/run.bstrace'): TraceReader {
    return {
      file,
      index,
      values: (t) => {
        const v = this.stored.get(t.id);
        if (!v || !t.chunk) throw new BackstepError('E_ARGUMENT', `${file}: ${t.id} has only statistics`);
        this.reads++;
        return Tensor.of(v.data, v.shape);
      },
    };
  }
}

/**
 * An index as the recorder writes it for one process on CPU (torch 1.13.1 unless said), its modules
 * the root `Model` and one module `path` holding `params`.
 */
export function recordingIndex(module: { readonly path: string; readonly type: string; readonly params?: readonly string[] }, rest: Pick<TraceIndex, 'params' | 'optimizer' | 'steps'> & { readonly torch?: string }): TraceIndex {
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    torch: '1.13.1',
    rank: 0,
    worldSize: 1,
    device: 'cpu',
    modules: [
      { path: '', type: 'Model', params: [] },
      { path: module.path, type: module.type, params: [...(module.params ?? [])] },
    ],
    ...rest,
  };
}

/**
 * `index` laid out as the recorder writes it (engine/trace/format.ts, version 2): the index's text,
 * listing the steps, and each step's file by its name inside `<index>.chunks/`.
 */
export function recordingFiles(index: TraceIndex): { readonly text: string; readonly steps: ReadonlyMap<string, string> } {
  const files = new Map<string, string>();
  const steps = index.steps.map((s, k) => {
    const file = `${String(k).padStart(5, '0')}.step.json`;
    files.set(file, JSON.stringify(s));
    return { step: s.step, file };
  });
  return { text: JSON.stringify({ ...index, version: TRACE_VERSION, steps }), steps: files };
}

export function statsOf(d: Float64Array): TraceStats {
  const finite = Array.from(d).filter(Number.isFinite);
  const n = finite.length;
  const mean = n ? finite.reduce((a, b) => a + b, 0) / n : null;
  const sq = finite.reduce((a, b) => a + b * b, 0);
  return {
    min: n ? Math.min(...finite) : null,
    max: n ? Math.max(...finite) : null,
    mean,
    std: mean === null ? null : Math.sqrt(Math.max(0, sq / n - mean * mean)),
    norm: Math.sqrt(sq),
    nan: d.filter((x) => Number.isNaN(x)).length,
    inf: d.filter((x) => x === Infinity || x === -Infinity).length,
  };
}

export interface MlpOptions {
  /** The training loop's step numbers (default 100, 101, 102). */
  readonly steps?: readonly number[];
  /** The recorded step whose ReLU output gets a NaN in its first element (as if the op produced it). */
  readonly nanAt?: number;
  /** Record fc1's values as statistics only. */
  readonly statsOnlyFc1?: boolean;
  readonly lr?: number;
}

const X = [0.5, -1, 1.5, 2];
const Y = [1, -1];

/**
 * A 2-layer MLP (fc1: Linear 2→3, act: ReLU, fc2: Linear 3→1, MSE loss) trained with SGD on a batch
 * of 2, recorded as PyTorch would: forward ops `aten::addmm`/`aten::relu`, the loss op, backward
 * nodes `MseLossBackward0` › `AddmmBackward0` › `ReluBackward0` › `AddmmBackward0` with the
 * parameter gradients, and one update per parameter. Every value is computed here (float64).
 */
export function mlpRecording(options: MlpOptions = {}): { readonly builder: RecordingBuilder; readonly index: TraceIndex; readonly reader: TraceReader } {
  const b = new RecordingBuilder();
  const lr = options.lr ?? 0.1;
  let p = { 'fc1.weight': [0.1, -0.2, 0.3, 0.4, -0.5, 0.6], 'fc1.bias': [0.01, 0.02, -0.03], 'fc2.weight': [0.7, -0.8, 0.9], 'fc2.bias': [0.05] };
  const steps: TraceStep[] = [];
  for (const n of options.steps ?? [100, 101, 102]) {
    const s = `s${n}`;
    const stats = (module: string): boolean => options.statsOnlyFc1 === true && module === 'fc1';
    const t = (id: string, shape: number[], v: ArrayLike<number>, module = ''): TraceTensor => b.tensor(`${s}/${id}`, shape, v, stats(module));
    // Forward: z1 = x W1ᵀ + b1, h = relu(z1), out = h W2ᵀ + b2, loss = mean((out − y)²).
    const z1 = affine(X, 2, 2, p['fc1.weight'], p['fc1.bias'], 3);
    const h = z1.map((v) => Math.max(0, v));
    if (options.nanAt === n) h[0] = NaN;
    const out = affine(h, 2, 3, p['fc2.weight'], p['fc2.bias'], 1);
    const loss = out.reduce((a, o, i) => a + (o - Y[i]) ** 2, 0) / 2;
    // Backward.
    const dout = out.map((o, i) => (2 * (o - Y[i])) / 2);
    const dW2 = [0, 1, 2].map((j) => dout[0] * h[j] + dout[1] * h[3 + j]);
    const db2 = [dout[0] + dout[1]];
    const dh = [0, 1].flatMap((i) => [0, 1, 2].map((j) => dout[i] * p['fc2.weight'][j]));
    const dz1 = dh.map((g, k) => (z1[k] > 0 ? g : 0));
    const dW1 = [0, 1, 2].flatMap((j) => [0, 1].map((k) => dz1[j] * X[k] + dz1[3 + j] * X[2 + k]));
    const db1 = [0, 1, 2].map((j) => dz1[j] + dz1[3 + j]);
    const grads: Record<keyof typeof p, number[]> = { 'fc1.weight': dW1, 'fc1.bias': db1, 'fc2.weight': dW2, 'fc2.bias': db2 };
    const shapes: Record<keyof typeof p, number[]> = { 'fc1.weight': [3, 2], 'fc1.bias': [3], 'fc2.weight': [1, 3], 'fc2.bias': [1] };
    const gradTensors = Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, t(`g/${k}`, shapes[k as keyof typeof p], g, k.split('.')[0])])) as Record<keyof typeof p, TraceTensor>;
    const lossT = t('loss', [], [loss]);
    const ops: TraceOp[] = [
      { phase: 'forward', op: 'aten::addmm', module: 'fc1', inputs: [t('f0/in0', [3], p['fc1.bias'], 'fc1'), t('f0/in1', [2, 2], X, 'fc1')], outputs: [t('f0/out0', [2, 3], z1, 'fc1')] },
      { phase: 'forward', op: 'aten::relu', module: 'act', inputs: [t('f1/in0', [2, 3], z1)], outputs: [t('f1/out0', [2, 3], h)] },
      { phase: 'forward', op: 'aten::addmm', module: 'fc2', inputs: [t('f2/in0', [1], p['fc2.bias']), t('f2/in1', [2, 3], h)], outputs: [t('f2/out0', [2, 1], out)] },
      { phase: 'loss', op: 'aten::mse_loss', module: '', inputs: [t('f3/in0', [2, 1], out), t('f3/in1', [2, 1], Y)], outputs: [lossT] },
      { phase: 'backward', op: 'MseLossBackward0', module: '', inputs: [t('b0/in0', [], [1])], outputs: [t('b0/out0', [2, 1], dout)] },
      { phase: 'backward', op: 'AddmmBackward0', module: 'fc2', inputs: [t('b1/in0', [2, 1], dout)], outputs: [t('b1/out0', [2, 3], dh)], paramGrads: { 'fc2.weight': gradTensors['fc2.weight'], 'fc2.bias': gradTensors['fc2.bias'] } },
      { phase: 'backward', op: 'ReluBackward0', module: 'act', inputs: [t('b2/in0', [2, 3], dh)], outputs: [t('b2/out0', [2, 3], dz1)] },
      { phase: 'backward', op: 'AddmmBackward0', module: 'fc1', inputs: [t('b3/in0', [2, 3], dz1, 'fc1')], outputs: [], paramGrads: { 'fc1.weight': gradTensors['fc1.weight'], 'fc1.bias': gradTensors['fc1.bias'] } },
    ];
    const next = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.map((x, i) => x - lr * grads[k as keyof typeof p][i])])) as typeof p;
    const updates: TraceUpdate[] = (Object.keys(p) as (keyof typeof p)[]).map((k) => ({
      phase: 'update',
      param: k,
      before: t(`u/${k}/before`, shapes[k], p[k], k.split('.')[0]),
      after: t(`u/${k}/after`, shapes[k], next[k], k.split('.')[0]),
      grad: gradTensors[k],
      state: {},
    }));
    steps.push({ step: n, loss: lossT, lr, events: [...ops, ...updates] });
    p = next;
  }
  const index: TraceIndex = {
    format: TRACE_FORMAT,
    // Every step inside the index: as JSON, version 1 (recordingFiles lays it out as version 2).
    version: TRACE_INLINE_VERSION,
    torch: '1.13.1',
    rank: 0,
    worldSize: 1,
    device: 'cpu',
    modules: [
      { path: '', type: 'Sequential', params: [] },
      { path: 'fc1', type: 'Linear', params: ['fc1.weight', 'fc1.bias'] },
      { path: 'act', type: 'ReLU', params: [] },
      { path: 'fc2', type: 'Linear', params: ['fc2.weight', 'fc2.bias'] },
    ],
    params: [
      { name: 'fc1.weight', shape: [3, 2], dtype: 'F32' },
      { name: 'fc1.bias', shape: [3], dtype: 'F32' },
      { name: 'fc2.weight', shape: [1, 3], dtype: 'F32' },
      { name: 'fc2.bias', shape: [1], dtype: 'F32' },
    ],
    optimizer: { type: 'SGD', hyper: { lr, momentum: 0 } },
    steps,
  };
  return { builder: b, index, reader: b.reader(index) };
}

/** y = x Wᵀ + b for x [rows, inF], W [outF, inF]. */
function affine(x: readonly number[], rows: number, inF: number, w: readonly number[], bias: readonly number[], outF: number): number[] {
  const y: number[] = [];
  for (let r = 0; r < rows; r++) for (let o = 0; o < outF; o++) y.push(bias[o] + [...Array(inF).keys()].reduce((a, k) => a + x[r * inF + k] * w[o * inF + k], 0));
  return y;
}
