import { BackwardPass } from '../../engine/autograd/backward';
import { Tape } from '../../engine/autograd/tape';
import { BackstepError } from '../../engine/errors';
import { LSTM } from '../../engine/layers/lstm';
import { Linear } from '../../engine/layers/linear';
import { RNN } from '../../engine/layers/rnn';
import type { Layer } from '../../engine/layers/layer';
import { checkModel } from '../../engine/model/check';
import type { CheckedModel } from '../../engine/model/validate';
import { createOptimizer } from '../../engine/optim/create';
import type { Optimizer } from '../../engine/optim/optimizer';
import { Rng } from '../../engine/random';
import { Tensor } from '../../engine/tensor/tensor';
import type { EventResult, StepEvent, Trainer, TrainerSnapshot, TrainingStepRun } from '../../engine/train/contract';

/**
 * A small trainer that keeps the trainer ↔ session contract (engine/train/contract.ts) for the
 * session's tests: it reads layer names and lines from a checked model file and builds linear,
 * rnn, lstm and activation layers with the engine's own layers, tape, backward pass and optimizers.
 * Data are random bits drawn from its own RNG each step (target: the first bit of the sequence, or
 * the parity of a row), so replays are bit-identical. Faults can be injected for the exception tests.
 */
export interface FakeFaults {
  /** At this training step, layer `layer` takes log of a negative number: NaN produced there. */
  readonly nanAt?: { readonly step: number; readonly layer: string };
  /** Executing this event of this step throws (an op error). */
  readonly throwAt?: { readonly step: number; readonly event: number };
  /** The forward pass of this step throws inside this layer. */
  readonly forwardThrowAt?: { readonly step: number; readonly layer: string };
  /** Multiplies the loss by this factor at this step (exploding gradients). */
  readonly scaleLossAt?: { readonly step: number; readonly factor: number };
}

export const FAKE_MODEL = `name: fake
description: a small LSTM for session tests
seed: 3
data:
  task: { first_bit: { examples: 8, length: 3 } }
model:
  - lstm: { name: memory, hidden: 3, return: last }
  - linear: { name: hidden, out: 4 }
  - relu
  - linear: { name: out, out: 1 }
  - sigmoid
loss: bce
training:
  optimizer: sgd
  lr: 0.1
  clip: { norm: 1 }
  batch_size: 2
  steps: 40
`;

export const FAKE_MLP = `name: fake-mlp
seed: 1
data:
  task: xor
model:
  - linear: { name: hidden, out: 3 }
  - tanh
  - linear: { name: out, out: 1 }
  - sigmoid
loss: bce
training:
  optimizer: adam
  lr: 0.1
  steps: 30
`;

export function checked(text: string): CheckedModel {
  const r = checkModel(text);
  if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.model;
}

interface Built {
  readonly spec: CheckedModel['spec']['layers'][number];
  readonly layer: Layer | null;
  readonly kind: string;
}

export class FakeTrainer implements Trainer {
  readonly totalSteps: number;
  readonly layers: Trainer['layers'];
  /** How many times beginStep was called (replays included). */
  begun = 0;
  private readonly rng: Rng;
  private readonly built: Built[];
  private readonly optimizer: Optimizer;
  private completed = 0;

  constructor(
    readonly model: CheckedModel,
    private readonly faults: FakeFaults = {},
  ) {
    const spec = model.spec;
    this.rng = new Rng(spec.seed);
    this.totalSteps = spec.training.steps;
    this.built = model.layers.map((l, i) => ({ spec: spec.layers[i], kind: l.kind, layer: this.buildLayer(l.kind, l.name, l.attrs) }));
    this.layers = this.built.map((b) => ({ name: b.spec.name, kind: b.kind, range: b.spec.range, params: b.layer ? b.layer.parameters() : [] }));
    const params = this.layers.flatMap((l) => l.params);
    this.optimizer = createOptimizer(params, { kind: spec.training.optimizer.kind, lr: spec.training.lr } as never);
  }

  get completedSteps(): number {
    return this.completed;
  }

  beginStep(): TrainingStepRun {
    this.begun++;
    const step = this.completed + 1;
    this.optimizer.zeroGrad();
    const tape = new Tape();
    const { x, y } = this.batch();
    const forwardCount = (): number => tape.nodes.length;
    let h: Tensor = x;
    const forward: StepEvent[] = [];
    for (const b of this.built) {
      if (this.faults.forwardThrowAt?.step === step && this.faults.forwardThrowAt.layer === b.spec.name) {
        throw new BackstepError('E_SHAPE', 'injected failure', { layer: b.spec.name, op: 'matmul', node: `${b.spec.name}/xW` });
      }
      const before = forwardCount();
      h = this.applyLayer(tape, b, h, step);
      for (let i = before; i < tape.nodes.length; i++) forward.push({ phase: 'forward', node: tape.nodes[i], layer: b.spec.name, range: b.spec.range });
    }
    const lossStart = tape.nodes.length;
    let loss = tape.apply(this.model.spec.loss?.kind ?? 'mse', [h, y], {}, 'loss');
    if (this.faults.scaleLossAt?.step === step) loss = tape.apply('scale', [loss], { s: this.faults.scaleLossAt.factor }, 'loss_scaled');
    const lossRange = this.model.spec.loss?.range ?? null;
    const lossEvents: StepEvent[] = tape.nodes.slice(lossStart).map((node) => ({ phase: 'loss', node, layer: null, range: lossRange }));
    return this.run(step, tape, [...forward, ...lossEvents], loss);
  }

  snapshot(): TrainerSnapshot {
    return { completedSteps: this.completed, state: { rng: this.rng.snapshot(), optimizer: this.optimizer.snapshot() } };
  }

  restore(s: TrainerSnapshot): void {
    const state = s.state as { rng: ReturnType<Rng['snapshot']>; optimizer: ReturnType<Optimizer['snapshot']> };
    this.rng.restore(state.rng);
    this.optimizer.restore(state.optimizer);
    this.optimizer.zeroGrad();
    this.completed = s.completedSteps;
  }

  private run(step: number, tape: Tape, head: StepEvent[], loss: Tensor): TrainingStepRun {
    const pass = new BackwardPass(tape, [loss]);
    const rangeOf = (layer: string | null) => this.built.find((b) => b.spec.name === layer)?.spec.range ?? null;
    const backward: StepEvent[] = pass.order.map((node) => {
      const layer = node.scope[0] ?? null;
      return { phase: 'backward', node, layer, range: layer ? rangeOf(layer) : (this.model.spec.loss?.range ?? null) };
    });
    const clip = this.model.spec.training.clip;
    const update: StepEvent[] = [];
    if (clip) update.push({ phase: 'update', kind: 'clip', layer: null, range: this.model.spec.training.range });
    this.layers.forEach((l) => l.params.forEach((p) => update.push({ phase: 'update', kind: 'param', param: p.name, index: this.optimizer.params.indexOf(p), layer: l.name, range: l.range })));
    const events = [...head, ...backward, ...update];
    const lr = this.model.spec.training.lr;
    let executed = head.length;
    const advance = (): EventResult => {
      if (executed >= events.length) throw new Error('no event left');
      const e = events[executed];
      if (this.faults.throwAt?.step === step && this.faults.throwAt.event === executed) {
        throw new BackstepError('E_SHAPE', 'injected op failure', { op: 'node' in e ? e.node.op : 'update', layer: e.layer ?? undefined, node: 'node' in e ? e.node.name : undefined });
      }
      executed++;
      if (e.phase === 'backward') return { kind: 'node', node: pass.step()! };
      if (e.phase === 'update' && e.kind === 'clip') return this.clip(clip!.max);
      if (e.phase === 'update' && e.kind === 'param') {
        const update = this.optimizer.stepParam(e.index);
        if (executed === events.length) this.completed = step;
        return { kind: 'param', update };
      }
      throw new Error('forward events are executed already');
    };
    return {
      step,
      tape,
      events,
      get executed() {
        return executed;
      },
      advance,
      finish: () => {
        while (executed < events.length) advance();
      },
      loss,
      lr,
    };
  }

  private clip(maxNorm: number): EventResult {
    let sq = 0;
    for (const p of this.optimizer.params) if (p.grad) for (const v of p.grad.data) sq += v * v;
    const totalNorm = Math.sqrt(sq);
    const factor = totalNorm > maxNorm ? maxNorm / totalNorm : 1;
    if (factor < 1) for (const p of this.optimizer.params) if (p.grad) for (let i = 0; i < p.grad.size; i++) p.grad.data[i] *= factor;
    return { kind: 'clip', totalNorm, factor, maxNorm, mode: 'norm' };
  }

  private batch(): { x: Tensor; y: Tensor } {
    const field = this.model.data.fields[this.model.data.input];
    const B = this.model.batch;
    const shape = [B, ...field.shape.slice(1)];
    const x = Tensor.zeros(shape, this.model.spec.dtype, 'data.x');
    for (let i = 0; i < x.size; i++) x.data[i] = this.rng.uniform() < 0.5 ? 0 : 1;
    const per = x.size / B;
    const y = Tensor.zeros([B, 1], this.model.spec.dtype, 'data.y');
    for (let b = 0; b < B; b++) {
      let s = 0;
      for (let k = 0; k < per; k++) s += x.data[b * per + k];
      y.data[b] = x.rank === 3 ? x.data[b * per] : s % 2;
    }
    return { x, y };
  }

  private buildLayer(kind: string, name: string, attrs: Readonly<Record<string, unknown>>): Layer | null {
    const dtype = this.model.spec.dtype;
    if (kind === 'linear') return new Linear(name, { inputSize: attrs.in as number, outputSize: attrs.out as number }, {}, this.rng, dtype);
    if (kind === 'lstm') return new LSTM(name, { inputSize: attrs.in as number, hiddenSize: attrs.hidden as number }, { batchFirst: true }, this.rng, dtype);
    if (kind === 'rnn') return new RNN(name, { inputSize: attrs.in as number, hiddenSize: attrs.hidden as number }, { batchFirst: true }, this.rng, dtype);
    return null;
  }

  private applyLayer(tape: Tape, b: Built, x: Tensor, step: number): Tensor {
    const name = b.spec.name;
    let y: Tensor;
    if (b.layer instanceof Linear) y = b.layer.forward(tape, x);
    else if (b.layer instanceof LSTM || b.layer instanceof RNN) y = b.layer.forward(tape, x).final.h;
    else y = tape.withScope(name, () => tape.apply(b.kind, [x], {}, 'y'));
    if (this.faults.nanAt?.step === step && this.faults.nanAt.layer === name) {
      y = tape.withScope(name, () => tape.apply('log', [tape.apply('add_scalar', [y], { c: -1e9 }, 'shifted')], {}, 'bad'));
    }
    return y;
  }
}

export function fakeTrainerFactory(faults: FakeFaults = {}, made: FakeTrainer[] = []): (model: CheckedModel) => Trainer {
  return (model) => {
    const t = new FakeTrainer(model, faults);
    made.push(t);
    return t;
  };
}
