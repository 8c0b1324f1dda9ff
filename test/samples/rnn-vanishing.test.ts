import assert from 'node:assert/strict';
import { accuracy, mean, sampleTrainer, timeStepGradNorms, trainAll, variant } from './support';

const T = 20;

function firstStep(edit?: (t: string) => string): number[] {
  const run = sampleTrainer('rnn-vanishing', edit).beginStep();
  run.finish();
  return timeStepGradNorms(run);
}

describe('sample rnn-vanishing: the gradient fades on its way back through time', () => {
  let rnn: number[];
  before(() => (rnn = firstStep()));

  it('‖∂L/∂h_1‖ / ‖∂L/∂h_20‖ < 1e-4 (about 1e-5): each step back shrinks the gradient', () => {
    const ratio = rnn[0] / rnn[T - 1];
    assert.ok(ratio < 1e-4, `ratio ${ratio}`);
    for (let t = 0; t < T - 1; t++) assert.ok(rnn[t] < rnn[t + 1], `t${t}: ${rnn[t]} ≥ t${t + 1}: ${rnn[t + 1]}`);
    assert.ok(ratio ** (1 / (T - 1)) < 0.6, `mean factor per step ${ratio ** (1 / (T - 1))}`);
  });

  it('an LSTM in its place (`- lstm:`) keeps over 100× more of the gradient at the first step', () => {
    const lstm = firstStep((t) => variant(t, '- rnn: { name: rnn', '- lstm: { name: rnn'));
    assert.ok(lstm[0] / lstm[T - 1] > 100 * (rnn[0] / rnn[T - 1]), `lstm ${lstm[0] / lstm[T - 1]}, rnn ${rnn[0] / rnn[T - 1]}`);
  });

  it('the first bit gets no say: after training the loss is still near ln 2 and the answers at chance (< 65%)', () => {
    const trainer = sampleTrainer('rnn-vanishing');
    const losses = trainAll(trainer);
    assert.ok(mean(losses.slice(-10)) > 0.6, `loss ${mean(losses.slice(-10))}`);
    assert.ok(accuracy(trainer) < 0.65, `accuracy ${accuracy(trainer)}`);
  });
});
