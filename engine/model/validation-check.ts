import { heldOut } from '../data/split';
import { count } from './budget';
import { findKind, LOSSES } from './catalog/training';
import type { DataFields } from './data-fields';
import type { Diagnostics } from './diagnostics';
import type { DataSpec, LossSpec } from './spec';

/**
 * `validation:` against the data and the loss: it scores a model that has a loss against a target,
 * a file needs data from a file, and a fraction must leave examples on both sides. The answer is how
 * many examples training draws its batches from.
 */
export function checkValidation(data: DataSpec, described: DataFields, loss: Pick<LossSpec, 'kind'> | null, diag: Diagnostics): number {
  const v = data.validation;
  if (!v) return described.examples;
  if (loss === null || findKind(LOSSES, loss.kind)?.target === 'none') {
    diag.add('E_CONFLICT', '`validation` scores a model with a loss against a target; this model trains on its own objective (word vectors), which has no held-out loss', v.range);
    return described.examples;
  }
  if (v.file && data.source !== 'table' && data.source !== 'arrays') {
    diag.add('E_CONFLICT', `\`validation: { file }\` is a second data file of the training data's kind; this data is \`${data.source}\`: hold out a \`fraction\` instead`, v.file.range);
    return described.examples;
  }
  if (v.fraction === undefined) return described.examples;
  const n = described.examples;
  const held = heldOut(n, v.fraction);
  if (held < 1 || held >= n) {
    diag.add('E_VALUE', `\`validation: ${v.fraction}\` holds out ${count(held)} of the ${count(n)} examples; it must leave at least one for validation and one for training`, v.range);
    return n;
  }
  return n - held;
}
