import type { SavedWeights } from '../protocol/session';
import { optimizerTensors, weightTensors } from '../weights/weightsOut';
import { optimizerOf } from './extras';
import type { SessionState } from './state';

/**
 * The parameters at the cursor as "Save Weights…" writes them: PyTorch's names and layouts where a
 * PyTorch module exists (the table of engine/weights/torchNames.ts, as `backstep export` uses), and
 * with `optimizer` the optimizer's state under Backstep's names (`optimizer/<slot>/<parameter>`).
 */
export function savedWeights(s: SessionState, optimizer: boolean): SavedWeights {
  const weights = weightTensors(s.trainer.layers, 'values');
  const opt = optimizer ? optimizerOf(s.trainer) : null;
  const state = opt ? optimizerTensors(opt) : { tensors: [], metadata: {} };
  const tensors = [...weights.tensors, ...state.tensors].map((t) => ({ name: t.name, dtype: t.dtype, shape: [...t.shape], data: Array.from(t.data) }));
  const model = s.model.spec.name;
  const trainingStep = s.cursor.step;
  return { tensors, metadata: { format: 'pt', 'backstep.model': model, 'backstep.step': String(s.trainer.completedSteps), 'backstep.cursor': `step ${trainingStep}, event ${s.cursor.event}`, ...weights.metadata, ...state.metadata }, model, trainingStep };
}
