import assert from 'node:assert/strict';
import { sampleTrainer, variant } from './support';

/**
 * Each schedule the sample names, with its formula written out here independently of the engine;
 * t is the 0-based step (the first update uses t = 0), η = 0.05 the file's lr, T = 100 its steps.
 */
const ETA = 0.05;
const STEPS = 100;
const cosine = (t: number, from: number, to: number, T: number) => to + ((from - to) * (1 + Math.cos((Math.PI * t) / T))) / 2;

const SCHEDULES: Record<string, { line: string; formula: (t: number) => number }> = {
  'warmup + cosine (the file)': {
    line: 'schedule: { warmup_cosine: { warmup_steps: 10, start_factor: 0.1, eta_min: 0.0005 } }',
    formula: (t) => (t < 10 ? ETA * (0.1 + (0.9 * t) / 10) : cosine(t - 10, ETA, 0.0005, STEPS - 10)),
  },
  step: { line: 'schedule: { step: { step_size: 25, gamma: 0.5 } }', formula: (t) => ETA * 0.5 ** Math.floor(t / 25) },
  exponential: { line: 'schedule: { exponential: { gamma: 0.97 } }', formula: (t) => ETA * 0.97 ** t },
  cosine: { line: 'schedule: cosine', formula: (t) => cosine(t, ETA, 0, STEPS) },
  warmup: { line: 'schedule: { warmup: { warmup_steps: 10 } }', formula: (t) => (t < 10 ? ETA * (0.1 + (0.9 * t) / 10) : ETA) },
};

const FILE_LINE = SCHEDULES['warmup + cosine (the file)'].line;

/** Per step: the lr of the step and the lr every parameter update of it used. */
function lrCurve(line: string): { step: number[]; updates: number[][] } {
  const trainer = sampleTrainer('lr-schedules', (t) => variant(t, FILE_LINE, line));
  const step: number[] = [];
  const updates: number[][] = [];
  for (let k = 0; k < trainer.totalSteps; k++) {
    const run = trainer.beginStep();
    const used: number[] = [];
    while (run.executed < run.events.length) {
      const r = run.advance();
      if (r.kind === 'param') used.push(r.update.lr);
    }
    step.push(run.lr);
    updates.push(used);
  }
  return { step, updates };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-15 + 1e-12 * Math.abs(b);

describe('sample lr-schedules: the learning rate follows the schedule\'s formula at every step', () => {
  for (const [name, { line, formula }] of Object.entries(SCHEDULES)) {
    it(`${name}: lr_t = formula(t) for all ${STEPS} steps, and every parameter update uses it`, () => {
      const { step, updates } = lrCurve(line);
      assert.equal(step.length, STEPS);
      step.forEach((lr, t) => {
        assert.ok(close(lr, formula(t)), `t = ${t}: ${lr} vs ${formula(t)}`);
        assert.equal(updates[t].length, 4, 'one update per parameter of net');
        for (const u of updates[t]) assert.equal(u, lr);
      });
    });
  }

  it('the file\'s curve rises for 10 steps, peaks at η, and ends near eta_min', () => {
    const { step } = lrCurve(FILE_LINE);
    for (let t = 1; t <= 10; t++) assert.ok(step[t] > step[t - 1]);
    assert.equal(step[10], ETA);
    for (let t = 11; t < STEPS; t++) assert.ok(step[t] < step[t - 1]);
    assert.ok(step[STEPS - 1] < 0.001);
  });
});
