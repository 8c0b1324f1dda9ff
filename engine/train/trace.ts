import type { TapeNode } from '../autograd/node';
import type { ParamUpdate } from '../optim/optimizer';
import type { DType } from '../tensor/dtype';
import { statsOf } from '../tensor/stats';
import type { Tensor } from '../tensor/tensor';
import type { EventResult, StepEvent, TrainingStepRun } from './contract';
import type { ModelTrainer } from './trainer';

/**
 * The op-level trace of training steps, as plain JSON: every event with its name, scope, op, phase,
 * layer and line, and the tensors it read and wrote (shape and statistics, not values). Forward and
 * loss events are described as the step begins; backward and update events right after they run,
 * so a backward event lists the gradients it produced, an update the parameter before and after.
 */
export interface TensorSummary {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Over the finite elements; null (NaN in memory) when there are none. */
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly std: number;
  readonly norm: number;
  readonly nan: number;
  readonly inf: number;
}

export interface TraceEvent {
  readonly index: number;
  readonly phase: StepEvent['phase'];
  readonly kind: 'op' | 'clip' | 'param';
  /** Node name (`memory/t3/gate_f`), parameter name (`hidden.W`) or `clip`. */
  readonly name: string;
  readonly scope: readonly string[];
  readonly op: string | null;
  readonly layer: string | null;
  readonly line: number | null;
  readonly inputs?: readonly TensorSummary[];
  readonly outputs?: readonly TensorSummary[];
  /** backward: dL/d(output) arriving at the node; update: the gradient used. */
  readonly outputGradients?: readonly TensorSummary[];
  /** backward: the gradient sent to each input (null for inputs that take none). */
  readonly gradients?: readonly (TensorSummary | null)[];
  readonly clip?: { readonly mode: 'norm' | 'value'; readonly totalNorm: number; readonly factor: number; readonly max: number };
  readonly update?: {
    readonly optimizer: string;
    readonly lr: number;
    readonly step: number;
    readonly skipped?: string;
    readonly before: TensorSummary | null;
    readonly after: TensorSummary | null;
    readonly state: readonly TensorSummary[];
  };
}

export interface TraceStep {
  readonly step: number;
  readonly lr: number;
  readonly loss: number;
  readonly events: readonly TraceEvent[];
}

export interface Trace {
  readonly format: 'backstep-trace';
  readonly version: 1;
  readonly model: string;
  readonly seed: number;
  readonly dtype: DType;
  readonly steps: readonly TraceStep[];
}

/** Runs `steps` training steps of the trainer, recording every event. */
export function traceSteps(trainer: ModelTrainer, steps: number): Trace {
  trainer.recordValues = true;
  const out: TraceStep[] = [];
  for (let s = 0; s < steps; s++) out.push(traceStep(trainer.beginStep()));
  const spec = trainer.model.spec;
  return { format: 'backstep-trace', version: 1, model: spec.name, seed: spec.seed, dtype: spec.dtype, steps: out };
}

export function traceStep(run: TrainingStepRun): TraceStep {
  const events: TraceEvent[] = run.events.slice(0, run.executed).map((e, i) => describe(e, i, null));
  while (run.executed < run.events.length) {
    const i = run.executed;
    events.push(describe(run.events[i], i, run.advance()));
  }
  return { step: run.step, lr: run.lr, loss: run.loss.data[0], events };
}

export function summarize(t: Tensor): TensorSummary {
  const s = statsOf(t);
  return { name: t.name, shape: [...t.shape], dtype: t.dtype, min: s.min, max: s.max, mean: s.mean, std: s.std, norm: s.norm, nan: s.nanCount, inf: s.infCount };
}

function describe(event: StepEvent, index: number, result: EventResult | null): TraceEvent {
  const head = { index, phase: event.phase, layer: event.layer, line: event.range?.line ?? null };
  if (event.phase !== 'update') return { ...head, kind: 'op', ...nodePart(event.node, event.phase === 'backward') };
  if (event.kind === 'clip') {
    const clip = result?.kind === 'clip' ? { mode: result.mode, totalNorm: result.totalNorm, factor: result.factor, max: result.maxNorm } : undefined;
    return { ...head, kind: 'clip', name: 'clip', scope: [], op: null, clip };
  }
  const update = result?.kind === 'param' ? updatePart(result.update) : undefined;
  const grad = result?.kind === 'param' ? result.update.values?.grad : null;
  return { ...head, kind: 'param', name: event.param, scope: [], op: null, update, ...(grad ? { outputGradients: [summarize(grad)] } : {}) };
}

function nodePart(node: TapeNode, backward: boolean) {
  const base = { name: node.name, scope: node.scope, op: node.op, inputs: node.inputs.map(summarize), outputs: node.outputs.map(summarize) };
  if (!backward) return base;
  return {
    ...base,
    outputGradients: node.outputs.filter((y) => y.grad).map((y) => summarize(y.grad as Tensor)),
    gradients: (node.inputGrads ?? []).map((g, i) => (g && node.inputs[i].requiresGrad ? summarize(g) : null)),
  };
}

function updatePart(u: ParamUpdate): NonNullable<TraceEvent['update']> {
  const v = u.values;
  return {
    optimizer: u.optimizer,
    lr: u.lr,
    step: u.step,
    ...(u.skipped ? { skipped: u.skipped } : {}),
    before: v ? summarize(v.before) : null,
    after: v ? summarize(v.after) : null,
    state: v ? v.state.map((s) => summarize(s.after)) : [],
  };
}
