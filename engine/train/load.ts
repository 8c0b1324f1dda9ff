import type { BackstepError } from '../errors';
import { checkModel, type CheckOptions } from '../model/check';
import type { Diagnostic } from '../model/diagnostics';
import { fileBytes } from '../model/files';
import { applyInitWeights } from '../weights/initWeights';
import { located } from './located';
import { createTrainer, type ModelTrainer, type TrainerOptions } from './trainer';

/**
 * From the text of a model file to a trainer, or to what stops it: the checker's located
 * diagnostics, or an error raised while building (located at the layer's line). Never throws.
 */
export type Loaded =
  | { readonly kind: 'ok'; readonly trainer: ModelTrainer }
  | { readonly kind: 'invalid'; readonly diagnostics: readonly Diagnostic[] }
  | { readonly kind: 'failed'; readonly error: BackstepError };

export function loadTrainer(text: string, options: TrainerOptions & CheckOptions = {}): Loaded {
  const checked = checkModel(text, options);
  if (!checked.model) return { kind: 'invalid', diagnostics: checked.diagnostics };
  let trainer: ModelTrainer;
  try {
    trainer = createTrainer(checked.model, options);
  } catch (e) {
    return { kind: 'failed', error: located(e, null, null) };
  }
  const init = checked.model.spec.init;
  if (!init) return { kind: 'ok', trainer };
  const problems = applyInitWeights(trainer.layers, init, fileBytes(options.files, init.from));
  return problems.length ? { kind: 'invalid', diagnostics: problems } : { kind: 'ok', trainer };
}
