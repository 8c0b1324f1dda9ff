import assert from 'node:assert/strict';
import { validatesAt, validationEvery } from '../../../engine/train/validation';
import { train, trainerFor } from './support';

/** A 3-class blob classifier; `validation` is written into its data section. */
const blobs = (validation: string | null, steps = 30) =>
  [
    'name: blobs',
    'seed: 3',
    'data:',
    '  task: { blobs: { points: 60, spread: 1.2 } }',
    ...(validation === null ? [] : [`  validation: ${validation}`]),
    'model:',
    '  - linear: { name: hidden, out: 6 }',
    '  - tanh',
    '  - linear: { name: out, out: 3 }',
    'loss: cross_entropy',
    `training: { optimizer: adam, lr: 0.05, batch_size: 8, steps: ${steps} }`,
    '',
  ].join('\n');

/** Trains step by step, validating after every step where `every` says so; returns each step's loss. */
function trainValidating(text: string, steps: number): { losses: number[]; validations: number[] } {
  const trainer = trainerFor(text, { recordValues: false });
  const losses: number[] = [];
  const validations: number[] = [];
  for (let s = 1; s <= steps; s++) {
    losses.push(...train(trainer, 1));
    if (validatesAt(s, trainer.validationEvery, trainer.totalSteps)) validations.push(trainer.validate()!.loss);
  }
  return { losses, validations };
}

describe('train/validation: scoring held-out examples', () => {
  it('every: as written, else ⌈steps / 50⌉; validated at each multiple and at the last step', () => {
    const spec = (every: number | null, steps: number) => ({ data: { validation: { fraction: 0.2, every, range: null! } }, training: { steps } }) as never;
    assert.deepEqual([validationEvery(spec(7, 100)), validationEvery(spec(null, 1000)), validationEvery(spec(null, 10))], [7, 20, 1]);
    assert.equal(validationEvery({ data: {}, training: { steps: 10 } } as never), null);
    assert.deepEqual([4, 8, 9, 10].map((s) => validatesAt(s, 4, 10)), [true, true, false, true]);
    assert.equal(validatesAt(4, null, 10), false);
  });

  it('validating never changes training: the losses are bit-identical with validation at every step and without any', () => {
    const every = trainValidating(blobs('{ fraction: 0.25, every: 1 }'), 30);
    const never = trainValidating(blobs('{ fraction: 0.25, every: 1000 }'), 30);
    assert.equal(every.validations.length, 30);
    assert.equal(never.validations.length, 1, 'only at the last step');
    assert.deepEqual(every.losses, never.losses);
    assert.equal(every.validations[29], never.validations[0]);
  });

  it('the held-out examples leave training: the batches come from the rest; the validation covers exactly the held-out ones', () => {
    const trainer = trainerFor(blobs('0.25'));
    assert.equal(trainer.model.data.examples, 45);
    assert.equal(trainer.evaluate()!.examples, 45);
    const v = trainer.validate()!;
    assert.equal(v.examples, 15);
    assert.ok(v.accuracy && v.accuracy.total === 15);
    assert.equal(trainerFor(blobs(null)).validate(), null);
  });

  it('the same seed holds out the same examples: two trainers validate to the same numbers', () => {
    const a = trainValidating(blobs('{ fraction: 0.3, every: 5 }'), 10);
    const b = trainValidating(blobs('{ fraction: 0.3, every: 5 }'), 10);
    assert.deepEqual(a, b);
    assert.equal(a.validations.length, 2);
  });
});
