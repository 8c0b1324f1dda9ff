import { fail } from '../errors';
import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import type { DataField, FieldInfo } from './dataset';

/**
 * How class labels are written: `index` (N) class numbers for cross_entropy, `column` (N,1) 0/1 for
 * bce with two classes, `onehot` (N,C) rows for mse.
 */
export const LABEL_FORMS = ['index', 'column', 'onehot'] as const;
export type LabelForm = (typeof LABEL_FORMS)[number];

export function labelInfo(form: LabelForm, n: number, classes: number): FieldInfo {
  if (form === 'index') return { kind: 'index', shape: [n], classes };
  return { kind: 'float', shape: form === 'column' ? [n, 1] : [n, classes] };
}

export function labelField(form: LabelForm, labels: readonly number[], classes: number, dtype: DType): DataField {
  const n = labels.length;
  if (form === 'index') return { kind: 'index', tensor: Tensor.of(labels, [n], dtype, 'data.y'), classes };
  if (form === 'column') {
    if (classes !== 2) fail('E_ARGUMENT', `labels "column" hold 0/1 and need 2 classes, not ${classes}`);
    return { kind: 'float', tensor: Tensor.of(labels, [n, 1], dtype, 'data.y') };
  }
  const t = Tensor.zeros([n, classes], dtype, 'data.y');
  labels.forEach((c, i) => (t.data[i * classes + c] = 1));
  return { kind: 'float', tensor: t };
}
