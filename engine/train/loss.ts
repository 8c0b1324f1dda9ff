import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';

/**
 * The loss of a supervised model, as ops inside the scope `loss`: `loss/bce`, or for class scores
 * of any rank `loss/logits_rows` (…, C) → (N, C) then `loss/cross_entropy`. The target is data: a
 * constant. The perceptron learns by its rule, written as the perceptron criterion
 * L = mean(−(y − ŷ)·a) over the pre-threshold activations a, whose SGD step with rate η is exactly
 * w ← w + (η/N) Σ (y − ŷ) x: Rosenblatt's rule, averaged over the batch.
 */
export function applyLoss(tape: Tape, kind: string, pred: Tensor, target: Tensor): Tensor {
  return tape.withScope('loss', () => {
    switch (kind) {
      case 'mse':
      case 'bce':
      case 'bce_with_logits':
        return tape.apply(kind, [pred, sameShapeTarget(target, pred)], {}, kind);
      case 'cross_entropy':
        return crossEntropy(tape, pred, target);
      case 'perceptron':
        return perceptronCriterion(tape, pred, target);
      default:
        return fail('E_ARGUMENT', `loss "${kind}" is the own objective of an embedding model and cannot score a prediction`, { op: kind });
    }
  });
}

function crossEntropy(tape: Tape, logits: Tensor, target: Tensor): Tensor {
  const c = logits.shape[logits.rank - 1];
  const rows = logits.rank === 2 ? logits : tape.apply('reshape', [logits], { shape: [logits.size / c, c] }, 'logits_rows');
  const ids = target.rank === 1 ? target : target.reshaped([target.size], `${target.name}_rows`);
  return tape.apply('cross_entropy', [rows, ids], {}, 'cross_entropy');
}

/** A (N,1) column target read as (N) where the prediction is (N) (the perceptron's ŷ). */
function sameShapeTarget(target: Tensor, pred: Tensor): Tensor {
  if (target.size === pred.size && target.rank !== pred.rank) return target.reshaped(pred.shape, target.name);
  return target;
}

function perceptronCriterion(tape: Tape, yhat: Tensor, target: Tensor): Tensor {
  const node = tape.nodes.find((n) => n.outputs.includes(yhat));
  if (!node || node.op !== 'step') fail('E_ARGUMENT', `the perceptron loss needs the output of a perceptron layer (a step op), got ${yhat.name}`, { op: 'perceptron' });
  const a = node.inputs[0];
  const y = sameShapeTarget(target, yhat);
  if (y.size !== yhat.size) fail('E_SHAPE', `target ${formatShape(target.shape)} does not fit the prediction ${formatShape(yhat.shape)}`, { op: 'perceptron' });
  const minusError = Tensor.zeros(a.shape, a.dtype, 'loss/minus_error');
  for (let i = 0; i < a.size; i++) minusError.data[i] = -(y.data[i] - yhat.data[i]);
  const criterion = tape.apply('mul', [a, minusError], {}, 'criterion');
  return tape.apply('mean', [criterion], {}, 'perceptron');
}

export interface Accuracy {
  readonly correct: number;
  readonly total: number;
}

/** The share of right answers, where the loss has one: classes, 0/1 targets, perceptron decisions. */
export function accuracyOf(kind: string, pred: Tensor, target: Tensor): Accuracy | null {
  const p = pred.data;
  const t = target.data;
  if (kind === 'cross_entropy') {
    const c = pred.shape[pred.rank - 1];
    let correct = 0;
    for (let r = 0; r < t.length; r++) {
      let best = 0;
      for (let k = 1; k < c; k++) if (p[r * c + k] > p[r * c + best]) best = k;
      if (best === t[r]) correct++;
    }
    return { correct, total: t.length };
  }
  if (p.length !== t.length) return null;
  const threshold = kind === 'bce' ? 0.5 : kind === 'bce_with_logits' ? 0 : kind === 'perceptron' ? 0.5 : null;
  if (threshold === null) return null;
  let correct = 0;
  for (let i = 0; i < p.length; i++) if ((p[i] >= threshold ? 1 : 0) === t[i]) correct++;
  return { correct, total: p.length };
}
