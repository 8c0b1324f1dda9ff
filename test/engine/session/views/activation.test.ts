import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ActivationView, InspectorView } from '../../../../engine/protocol/views';
import { Session } from '../../../../engine/session/session';
import { curveOf } from '../../../../engine/session/views/activationCurves';
import { ok, stopAt } from '../session_support';

/**
 * The activation view at an activation op of the activations sample: the histogram of the op's input
 * (the pre-activations) and the share of them where the gradient is lost, checked against counts
 * made here from the tape's values; the view follows the cursor and is absent at other ops.
 */
const root = path.resolve(__dirname, '../../../..');
const sample = readFileSync(path.join(root, 'samples/activations.nn.yaml'), 'utf8');

function sessionWith(activation: string): Session {
  const session = Session.create(sample.replace('      activation: sigmoid', `      activation: ${activation}`), 'samples/activations.nn.yaml');
  ok(session.start());
  return session;
}


const inspect = (s: Session): InspectorView => ok<InspectorView>(s.inspector());
const preActivations = (s: Session, node: string): number[] => Array.from(s.internals!.timeline.run!.tape.nodes.find((n) => n.name === node)!.inputs[0].data);
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Bin k of n over [lo, hi] holds lo + k·w ≤ x < lo + (k+1)·w; the last bin also holds hi. */
function counted(xs: readonly number[], v: ActivationView): number[] {
  const n = v.counts.length;
  const w = (v.hi - v.lo) / n;
  return Array.from({ length: n }, (_, k) => xs.filter((x) => x >= v.lo + k * w && (k === n - 1 ? x <= v.hi : x < v.lo + (k + 1) * w)).length);
}

describe('session views: the activation at the cursor, with its pre-activations', () => {
  it('at net/act3 (sigmoid): the histogram counts the op\'s 64 × 16 inputs, the saturated share is that of |σ′(x)| < 0.05', () => {
    const s = sessionWith('sigmoid');
    stopAt(s, (e) => e.phase === 'forward' && e.name === 'net/act3');
    const v = inspect(s).activation!;
    const xs = preActivations(s, 'net/act3');
    assert.equal(v.op, 'sigmoid');
    assert.equal(v.total, 64 * 16);
    assert.ok(v.lo <= Math.min(...xs) && v.hi >= Math.max(...xs), 'the range covers every value');
    assert.equal(v.below + v.above, 0);
    assert.deepEqual(v.counts, counted(xs, v));
    const saturated = xs.filter((x) => sigmoid(x) * (1 - sigmoid(x)) < 0.05).length;
    assert.equal(v.region!.kind, 'saturated');
    assert.equal(v.region!.count, saturated);
    assert.equal(v.region!.fraction, saturated / xs.length);
    // σ′(x) = 0.05 at |x| = 2 ln((1 + √0.8) / (1 − √0.8)) / 2 … i.e. σ(x) = (1 ± √(1 − 0.2)) / 2
    const edge = Math.log((1 + Math.sqrt(0.8)) / (1 - Math.sqrt(0.8)));
    assert.equal(v.region!.intervals.length, 2);
    assert.ok(Math.abs(v.region!.intervals[0][1] + edge) < 1e-6 && Math.abs(v.region!.intervals[1][0] - edge) < 1e-6, `saturated beyond |x| = ${edge}`);
    v.xs.forEach((x, i) => {
      assert.ok(Math.abs(v.f[i] - sigmoid(x)) < 1e-12);
      assert.ok(Math.abs(v.derivative[i] - sigmoid(x) * (1 - sigmoid(x))) < 1e-12);
    });
  });

  it('with relu: the dead share is that of x ≤ 0, the dead interval ends at 0, and the derivative is the step', () => {
    const s = sessionWith('relu');
    stopAt(s, (e) => e.phase === 'forward' && e.name === 'net/act2');
    const v = inspect(s).activation!;
    const xs = preActivations(s, 'net/act2');
    assert.equal(v.op, 'relu');
    assert.deepEqual(v.counts, counted(xs, v));
    assert.equal(v.region!.kind, 'dead');
    assert.equal(v.region!.count, xs.filter((x) => x <= 0).length);
    assert.equal(v.region!.fraction, xs.filter((x) => x <= 0).length / xs.length);
    assert.equal(v.region!.intervals.length, 1);
    assert.equal(v.region!.intervals[0][0], v.lo);
    assert.ok(Math.abs(v.region!.intervals[0][1]) < 1e-9);
    v.xs.forEach((x, i) => assert.equal(v.derivative[i], x > 0 ? 1 : 0));
  });

  it('follows the cursor: absent at a matmul, back at the activation during the backward pass, absent again after Step Back onto fc1', () => {
    const s = sessionWith('tanh');
    stopAt(s, (e) => e.phase === 'forward' && e.name === 'net/fc2/xW');
    assert.equal(inspect(s).activation, null);
    stopAt(s, (e) => e.phase === 'backward' && e.name === 'net/act1');
    const back = inspect(s).activation!;
    assert.equal(back.phase, 'backward');
    assert.equal(back.node, 'net/act1');
    assert.deepEqual(back.counts, counted(preActivations(s, 'net/act1'), back));
    ok(s.stepBack());
    assert.equal(inspect(s).activation, null, 'one op back (fc2\'s matmul in the backward order) is not an activation');
  });
});

describe('activation curves: each derivative is the slope of its curve', () => {
  it('f′(x) ≈ (f(x + h) − f(x − h)) / 2h away from the kinks, for every activation', () => {
    const h = 1e-5;
    for (const op of ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'silu', 'gelu']) {
      const c = curveOf(op, {})!;
      for (const x of [-3.3, -1.1, -0.4, 0.3, 0.9, 2.7]) {
        const slope = (c.f(x + h) - c.f(x - h)) / (2 * h);
        assert.ok(Math.abs(slope - c.derivative(x)) < 1e-5, `${op}′(${x}) = ${c.derivative(x)}, slope ${slope}`);
      }
    }
  });
});
