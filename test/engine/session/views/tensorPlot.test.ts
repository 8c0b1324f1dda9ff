import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LIMITS } from '../../../../engine/limits';
import type { StopInfo } from '../../../../engine/protocol/session';
import type { TensorPlot } from '../../../../engine/protocol/values';
import { Session } from '../../../../engine/session/session';
import { gridOf, histogramOf } from '../../../../engine/session/views/tensorPlot';
import { Tensor } from '../../../../engine/tensor/tensor';
import { ok } from '../session_support';

const FILE = 'samples/mlp-xor.nn.yaml';
const TEXT = readFileSync(path.join(__dirname, '../../../..', FILE), 'utf8');

function started(): Session {
  const session = Session.create(TEXT, FILE);
  ok(session.start());
  return session;
}

const plot = (session: Session, expression: string): TensorPlot => ok<TensorPlot>(session.tensorPlot(expression));

/** The plot's grid as plain numbers (a grid that is not downsampled holds the tensor's own values). */
function gridValues(p: TensorPlot): number[] {
  assert.equal(p.kind, 'tensor', JSON.stringify(p).slice(0, 200));
  if (p.kind !== 'tensor' || !p.grid) return [];
  return p.grid.values.map((v) => v ?? NaN);
}

function stepUntil(session: Session, done: (stop: StopInfo) => boolean): StopInfo {
  for (let i = 0; i < 200; i++) {
    const stop = ok<StopInfo>(session.stepOver());
    if (done(stop)) return stop;
  }
  throw new Error('never got there');
}

describe('a pinned tensor (tensorPlot)', () => {
  it('follows the cursor: not computed yet before its op, the op’s values once the cursor is there, not computed yet again in the next step', () => {
    const session = started();
    const before = plot(session, 'out/xW');
    assert.equal(before.kind, 'pending');
    assert.match(before.kind === 'pending' ? before.message : '', /out\/xW is not computed yet/);
    stepUntil(session, (s) => s.location.node === 'out/xW');
    const at = plot(session, 'out/xW');
    const tape = session.internals!.timeline.run!.tape.nodes.find((n) => n.name === 'out/xW')!.outputs[0];
    assert.deepEqual(at.kind === 'tensor' && at.shape, [4, 1]);
    assert.deepEqual(gridValues(at), Array.from(tape.data));
    stepUntil(session, (s) => s.location.trainingStep === 2);
    assert.equal(plot(session, 'out/xW').kind, 'pending', 'a new step shows no value of the last one');
  });

  it('re-evaluated at each stop, a parameter shows the values the optimizer has given it so far', () => {
    const session = started();
    const param = () => Array.from(session.internals!.trainer.layers.find((l) => l.name === 'hidden')!.params.find((p) => p.name === 'hidden.W')!.data);
    const first = gridValues(plot(session, 'hidden.W'));
    assert.deepEqual(first, param());
    stepUntil(session, (s) => s.location.trainingStep === 3);
    const third = gridValues(plot(session, 'hidden.W'));
    assert.deepEqual(third, param());
    assert.notDeepEqual(third, first, 'two updates later the weights have moved');
  });

  it('draws a vector as one row, a number as a number, and refuses what is no tensor or number', () => {
    const session = started();
    const b = plot(session, 'hidden.b');
    assert.deepEqual(b.kind === 'tensor' && [b.grid?.rows, b.grid?.cols], [1, 4]);
    const n = plot(session, 'norm(hidden.W)');
    assert.equal(n.kind, 'number');
    assert.ok(n.kind === 'number' && n.value !== null && n.value > 0);
    const bad = session.tensorPlot('norm(hidden.W) > 0');
    assert.ok(!bad.ok && /true or false/.test(bad.error.message));
    const unknown = session.tensorPlot('hiden.W');
    assert.ok(!unknown.ok && /did you mean hidden\.W/.test(unknown.error.message), 'a bad name answers with an error naming it');
    assert.ok(ok(session.stepOver()), 'the session stays usable');
  });
});

describe('the numbers a plot carries are bounded', () => {
  it('a large matrix becomes block means, at most plotValues of them; a block with NaN is null', () => {
    const t = Tensor.zeros([100, 300], 'float64', 'big');
    t.data.forEach((_, i) => (t.data[i] = i));
    t.data[0] = NaN;
    const g = gridOf(t)!;
    assert.ok(g.values.length <= LIMITS.plotValues.max);
    assert.deepEqual([g.rows, g.cols, g.rowBlock, g.colBlock], [50, 60, 2, 5]);
    assert.equal(g.values[0], null);
    // The block of rows 2…3 × columns 5…9: mean of r·300 + c.
    assert.equal(g.values[1 * 60 + 1], (2 * 300 + 3 * 300) / 2 + 7);
  });

  it('a long vector becomes at most a quarter of plotValues points; a small one is sent as it is', () => {
    const long = Tensor.zeros([5000], 'float64', 'v');
    const g = gridOf(long)!;
    assert.deepEqual([g.rows, g.cols, g.colBlock], [1, 1000, 5]);
    assert.equal(gridOf(Tensor.zeros([2, 3, 4], 'float64', 'cube')), null, 'rank 3: the histogram only');
    const small = gridOf(Tensor.zeros([3, 4], 'float64', 's'))!;
    assert.deepEqual([small.rows, small.cols, small.rowBlock, small.colBlock], [3, 4, 1, 1]);
  });

  it('the histogram counts every finite value once, from the least to the greatest', () => {
    const t = Tensor.zeros([1000], 'float64', 'h');
    t.data.forEach((_, i) => (t.data[i] = Math.sin(i)));
    t.data[3] = Infinity;
    const h = histogramOf(t);
    assert.equal(h.counts.reduce((a, b) => a + b, 0), 999);
    assert.equal(h.lo, Math.min(...Array.from(t.data).filter(Number.isFinite)));
    assert.deepEqual(histogramOf(Tensor.full([5], 2, 'float64')), { lo: 2, hi: 2, counts: [5] });
  });
});
