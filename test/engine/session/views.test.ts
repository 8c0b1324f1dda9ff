import { strict as assert } from 'node:assert';
import { getOp } from '../../../engine/ops/registry';
import type { GraphView, InspectorView } from '../../../engine/protocol/views';
import { pca2 } from '../../../engine/session/views/pca';
import { FAKE_MODEL } from '../../support/fake-trainer';
import { fakeSession, ok } from './session_support';

describe('session views', () => {
  it('the op view shows the forward formula, then the gradient formula and the gradients sent in the backward pass', () => {
    const { session } = fakeSession();
    session.start();
    session.stepOver();
    session.stepIn();
    const fwd = ok<InspectorView>(session.inspector()).op!;
    assert.equal(fwd.node, 'hidden/xW');
    assert.equal(fwd.formula, getOp('matmul').formula);
    assert.deepEqual(
      fwd.inputs.map((i) => i.role),
      ['a', 'b'],
    );
    assert.deepEqual(fwd.outputs[0].tensor.shape, [2, 4]);
    assert.deepEqual(fwd.grads, []);
    for (let i = 0; i < 7; i++) session.stepOver();
    const bwd = ok<InspectorView>(session.inspector()).op!;
    assert.equal(bwd.phase, 'backward');
    assert.equal(bwd.formula, getOp(bwd.op).gradFormula ?? getOp(bwd.op).formula);
    assert.ok(bwd.grads.length > 0);
  });

  it('the op view of an update shows the rule with the numbers, the parameter before and after', () => {
    const { session } = fakeSession();
    session.start();
    for (let i = 0; i < 13; i++) session.stepOver();
    const op = ok<InspectorView>(session.inspector()).op!;
    assert.equal(op.phase, 'update');
    assert.match(op.formula, /theta/);
    assert.match(op.valuesCaption ?? '', /^On the first element, \S+\[0(,0)*\], at t = 1 \(η = 0\.1\)$/);
    assert.match(op.formulaWithValues, /\\theta_\{1\} &= -?\d\.\d+ - 0\.1 \\cdot/, 'the rule worked with the numbers of θ₀');
    assert.deepEqual(
      op.outputs.map((o) => o.role),
      ['θ after'],
    );
  });

  it('the op view of a clip by norm shows the total norm and the factor the gradients were scaled by', () => {
    const { session } = fakeSession();
    session.start();
    let op = ok<InspectorView>(session.inspector()).op!;
    for (let i = 0; i < 30 && !op.formula.includes('\\lVert g'); i++) {
      session.stepOver();
      op = ok<InspectorView>(session.inspector()).op!;
    }
    const clip = ok<InspectorView>(session.inspector()).gradients!.clip!;
    const [, norm, c, total, factor] = /^\\lVert g \\rVert = ([\d.]+), \\quad .*\\frac\{([\d.]+)\}\{([\d.]+)\}\\right\) = g \\cdot ([\d.]+)$/.exec(op.formulaWithValues) ?? [];
    assert.ok(norm, `a clip's worked formula: ${op.formulaWithValues}`);
    assert.equal(norm, total);
    assert.ok(Math.abs(Number(norm) - clip.totalNorm) <= 1e-3 * clip.totalNorm);
    assert.equal(Number(c), clip.maxNorm);
    assert.ok(Math.abs(Number(factor) - Math.min(1, clip.maxNorm / clip.totalNorm)) <= 1e-3);
  });

  it('gradients: per layer, and per time step of the recurrent layer, with the clip once done', () => {
    const { session } = fakeSession();
    session.start();
    assert.equal(ok<InspectorView>(session.inspector()).gradients, null);
    for (let i = 0; i < 12; i++) session.stepOver();
    const g = ok<InspectorView>(session.inspector()).gradients!;
    assert.deepEqual(
      g.layers.map((l) => l.layer),
      ['memory', 'hidden', 'out'],
    );
    assert.equal(g.perTimeStep[0].layer, 'memory');
    assert.equal(g.perTimeStep[0].norms.length, 3);
    assert.ok(g.clip && g.clip.maxNorm === 1);
  });

  it('gradients after clipping by norm: the per-time-step norms times the clip factor, none before the clip', () => {
    const { session } = fakeSession({}, FAKE_MODEL.replace('clip: { norm: 1 }', 'clip: { norm: 0.001 }'));
    session.start();
    for (let i = 0; i < 10; i++) session.stepOver();
    const before = ok<InspectorView>(session.inspector()).gradients!;
    assert.equal(before.clip, null);
    assert.ok(before.perTimeStep.every((p) => p.clippedNorms === undefined));
    let g = before;
    while (!g.clip) {
      session.stepOver();
      g = ok<InspectorView>(session.inspector()).gradients!;
    }
    const clip = session.internals!.timeline.results.find((r) => r?.kind === 'clip');
    assert.ok(clip?.kind === 'clip' && clip.factor < 1, 'the clip scales the gradients down');
    assert.deepEqual(g.clip, { totalNorm: clip.totalNorm, maxNorm: 0.001 });
    const memory = g.perTimeStep.find((p) => p.layer === 'memory')!;
    assert.deepEqual(
      memory.clippedNorms,
      memory.norms.map((n) => (n === null ? null : n * clip.factor)),
    );
  });

  it('gates: one heatmap per gate, time steps × units, with the current time step', () => {
    const { session } = fakeSession();
    session.start();
    session.stepIn();
    session.stepOver();
    session.stepOver();
    const [gates] = ok<InspectorView>(session.inspector()).gates;
    assert.equal(gates.cell, 'lstm');
    assert.equal(gates.currentTimeStep, 1);
    for (const g of gates.gates) {
      assert.equal(g.values.length, g.steps * g.units);
      assert.deepEqual([g.steps, g.units], [3, 3]);
    }
    const f = session.internals!.timeline.run!.tape.nodes.find((n) => n.name === 'memory/t0/gate_f')!.outputs[0];
    const gf = gates.gates.find((g) => g.name === 'gate_f')!;
    assert.deepEqual(gf.values.slice(0, 3), Array.from(f.data.subarray(0, 3)));
    assert.deepEqual(gf.computed, [true, false, false], 'stopped at the start of t = 1: only t = 0 is computed');
    assert.deepEqual(gf.values.slice(3), [0, 0, 0, 0, 0, 0], 'nothing of the time steps not reached');
  });

  it('training: losses of the steps so far, the learning rate of every planned step', () => {
    const { session } = fakeSession();
    session.start();
    session.goto(5);
    const t = ok<InspectorView>(session.inspector()).training;
    assert.deepEqual(
      t.losses.map((l) => l.step),
      [1, 2, 3, 4],
      'at the first op of step 5 its loss is not computed yet',
    );
    assert.equal(t.totalSteps, 40);
    assert.equal(t.optimizer.kind, 'sgd');
  });

  it('graph: layers, parameters, ops and edges, with the current op', () => {
    const { session } = fakeSession();
    session.start();
    session.stepOver();
    const g = ok<GraphView>(session.graph());
    assert.equal(g.current, 'hidden/xW');
    assert.equal(g.currentLayer, 'hidden');
    const op = g.nodes.find((n) => n.id === 'hidden/xW')!;
    assert.equal(op.parent, 'layer:hidden');
    assert.ok(g.edges.some((e) => e.from === 'hidden.W' && e.to === 'hidden/xW'));
  });

  it('PCA finds the direction of largest variance first', () => {
    const rows = [
      [0, 0, 0],
      [2, 0.1, 0],
      [4, -0.1, 0],
      [6, 0, 0.05],
    ];
    const { points, explained } = pca2(rows.flat(), 4, 3);
    assert.ok(explained[0] > 0.99);
    const xs = points.map((p) => Math.abs(p[0]));
    assert.ok(Math.abs(xs[0] - 3) < 0.05 && Math.abs(xs[3] - 3) < 0.05 && Math.abs(xs[1] - 1) < 0.05, xs.join());
  });
});
