import assert from 'node:assert/strict';
import { sampleTrainer, train } from './support';

/** One sample per kind of forward pass: dense (tanh), perceptron (its loss reads the tape's nodes), recurrent, attention, two parameters. */
const KINDS = ['mlp-xor', 'perceptron-and', 'iris-mlp', 'lstm-memory', 'self-attention', 'optimizers'];

describe('train/supervised: scoring the whole data set', () => {
  it('a lean evaluation (no tape bookkeeping, as the loss landscape runs it) gives the same loss and accuracy, to the bit', () => {
    for (const name of KINDS) {
      const trainer = sampleTrainer(name, { recordValues: false });
      train(trainer, 2);
      const full = trainer.evaluate();
      assert.ok(full && Number.isFinite(full.loss), name);
      assert.deepEqual(trainer.evaluate(true), full, name);
    }
  });
});
