import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { GraphView, InspectorView } from '../../../../engine/protocol/views';
import type { EventInfo } from '../../../../engine/session/outline';
import { Session } from '../../../../engine/session/session';
import { ok, stopAt } from '../session_support';

const root = path.resolve(__dirname, '../../../..');
const sampleText = (name: string): string => readFileSync(path.join(root, `samples/${name}.nn.yaml`), 'utf8');

function sampleSession(name: string, text = sampleText(name)): Session {
  const session = Session.create(text, `samples/${name}.nn.yaml`);
  ok(session.start());
  return session;
}

/** Puts the cursor of step 1 at the first event matching `at`, as a breakpoint would; its index. */

const inspect = (s: Session): InspectorView => ok<InspectorView>(s.inspector());
const forwardNode = (name: string) => (e: EventInfo) => e.phase === 'forward' && e.name === name;
const backwardNode = (name: string) => (e: EventInfo) => e.phase === 'backward' && e.name === name;
const tapeValue = (s: Session, name: string): number[] => Array.from(s.internals!.timeline.run!.tape.nodes.find((n) => n.name === name)!.outputs[0].data);

describe('session views show the present: what has been computed at the cursor, never more', () => {
  describe('gates (lstm-memory)', () => {
    it('at memory/t0/lin_f of step 1 no gate of any time step is computed, and none is sent', () => {
      const s = sampleSession('lstm-memory');
      stopAt(s, forwardNode('memory/t0/lin_f'));
      const [memory] = inspect(s).gates;
      assert.equal(memory.currentTimeStep, 0);
      for (const g of memory.gates) {
        assert.equal(g.steps, 12);
        assert.deepEqual(g.computed, new Array(12).fill(false), `${g.name}: no time step reached`);
        assert.ok(g.values.every((v) => v === 0), `${g.name}: the eagerly computed values are not sent`);
      }
    });

    it('at memory/t3/gate_f: t0 … t2 in full, t3 up to the forget gate, the rest not computed', () => {
      const s = sampleSession('lstm-memory');
      stopAt(s, forwardNode('memory/t3/gate_f'));
      const [memory] = inspect(s).gates;
      const gf = memory.gates.find((g) => g.name === 'gate_f')!;
      assert.deepEqual(gf.computed, [true, true, true, true, ...new Array(8).fill(false)]);
      assert.deepEqual(gf.values.slice(3 * gf.units, 4 * gf.units), tapeValue(s, 'memory/t3/gate_f').slice(0, gf.units));
      const go = memory.gates.find((g) => g.name === 'gate_o')!;
      const order = s.internals!.timeline.outline!.events.map((e) => e.name);
      const oFirst = order.indexOf('memory/t3/gate_o') < order.indexOf('memory/t3/gate_f');
      assert.deepEqual(go.computed.slice(0, 4), [true, true, true, oFirst], 'gate_o of t3 only if it ran before gate_f');
    });

    it('stepping back hides the time steps again', () => {
      const s = sampleSession('lstm-memory');
      stopAt(s, forwardNode('memory/t5/h'));
      assert.equal(inspect(s).gates[0].gates[0].computed.filter(Boolean).length, 6);
      stopAt(s, forwardNode('memory/t1/h'));
      const again = inspect(s).gates[0].gates[0];
      assert.equal(again.computed.filter(Boolean).length, 2);
      assert.ok(again.values.slice(2 * again.units).every((v) => v === 0));
    });

    it('Step Into, Over and Back through memory: each Over computes one more time step, each Back takes one away', () => {
      const s = sampleSession('lstm-memory');
      const reached = (): number => inspect(s).gates[0].gates[0].computed.filter(Boolean).length;
      for (let i = 0; i < 10 && s.internals!.location().layer !== 'memory'; i++) ok(s.stepOver());
      assert.equal(s.internals!.location().layer, 'memory');
      ok(s.stepIn());
      for (let i = 0; i < 10 && s.internals!.location().timeStep === null; i++) ok(s.stepOver());
      assert.equal(s.internals!.location().timeStep, 0);
      const counts = [reached()];
      for (let i = 0; i < 3; i++) {
        ok(s.stepOver());
        counts.push(reached());
      }
      assert.deepEqual(counts.slice(1).map((c, i) => c - counts[i]), [1, 1, 1], `one time step per Step Over: ${counts}`);
      const back = [];
      for (let i = 0; i < 3; i++) {
        ok(s.stepBack());
        back.push(reached());
      }
      assert.deepEqual(back, counts.slice(0, 3).reverse());
    });

    it('in the backward pass every time step of the forward pass is computed', () => {
      const s = sampleSession('lstm-memory');
      stopAt(s, (e) => e.phase === 'backward');
      for (const g of inspect(s).gates[0].gates) assert.ok(g.computed.every(Boolean), g.name);
    });

    it('each gate says the activation that made it: σ for f, i, o; tanh for the candidate', () => {
      const s = sampleSession('lstm-memory');
      stopAt(s, (e) => e.phase === 'loss');
      const byName = new Map(inspect(s).gates[0].gates.map((g) => [g.name, g.activation]));
      assert.deepEqual(Object.fromEntries(byName), { gate_f: 'sigmoid', gate_i: 'sigmoid', gate_o: 'sigmoid', gate_c: 'tanh' });
    });

    it('an RNN with nonlinearity: relu shows its h as made by relu, not tanh', () => {
      const text = sampleText('rnn-vanishing').replace('{ name: rnn, hidden: 16, return: last }', '{ name: rnn, hidden: 16, return: last, nonlinearity: relu }');
      assert.match(text, /nonlinearity: relu/);
      const s = sampleSession('rnn-vanishing', text);
      stopAt(s, (e) => e.phase === 'loss');
      const [rnn] = inspect(s).gates;
      assert.deepEqual(rnn.gates.map((g) => [g.name, g.activation]), [['h', 'relu']]);
      const tanh = sampleSession('rnn-vanishing');
      stopAt(tanh, (e) => e.phase === 'loss');
      assert.deepEqual(inspect(tanh).gates[0].gates.map((g) => g.activation), ['tanh']);
    });
  });

  describe('gradients (lstm-memory)', () => {
    it('are absent in the forward pass; in the backward pass null where the backward pass has not reached', () => {
      const s = sampleSession('lstm-memory');
      stopAt(s, forwardNode('memory/t3/gate_f'));
      assert.equal(inspect(s).gradients, null);
      stopAt(s, backwardNode('memory/t5/gate_f'));
      const g = inspect(s).gradients!;
      const memory = g.perTimeStep.find((p) => p.layer === 'memory')!;
      const reached = memory.norms.map((n) => n !== null);
      assert.deepEqual(reached.slice(6), new Array(6).fill(true), 't6 … t11 are behind the backward pass');
      assert.deepEqual(reached.slice(0, 5), new Array(5).fill(false), 't0 … t4 are ahead of it');
      const hGrad = s.internals!.timeline.run!.tape.nodes.find((n) => n.name === 'memory/t7/h')!.outputs[0].grad!;
      assert.ok(Math.abs(memory.norms[7]! - Math.hypot(...hGrad.data)) < 1e-9);
      const layers = new Map(g.layers.map((l) => [l.layer, l.norm]));
      assert.ok(layers.get('memory') !== null, 'memory has received gradient by t5');
      const first = s.internals!.trainer.layers.find((l) => l.params.length > 0)!.name;
      assert.equal(first, g.layers[0].layer);
    });

    it('a layer not reached yet has a null norm, not 0, and stepping back takes its norm away again', () => {
      const s = sampleSession('lstm-memory');
      const firstBackward = stopAt(s, (e) => e.phase === 'backward');
      const early = inspect(s).gradients!;
      assert.ok(early.layers.some((l) => l.norm === null), 'some layer is still ahead of the backward pass');
      const memory = early.perTimeStep.find((p) => p.layer === 'memory')!;
      assert.ok(memory.norms.every((n) => n === null), 'no time step of memory reached at the first backward node');
      stopAt(s, (e) => e.phase === 'update');
      assert.ok(inspect(s).gradients!.layers.every((l) => l.norm !== null), 'all reached by the update');
      s.internals!.moveTo({ step: 1, event: firstBackward }, 'op');
      assert.deepEqual(inspect(s).gradients!.layers, early.layers);
    });
  });

  describe('attention (multi-head-attention)', () => {
    it('a head’s weights are sent once its softmax has run', () => {
      const s = sampleSession('multi-head-attention');
      stopAt(s, forwardNode('heads/head0/weights'));
      const [a] = inspect(s).attention;
      assert.deepEqual(a.heads.map((h) => h.computed), [true, false]);
      assert.ok(a.heads[1].values.every((v) => v === 0));
      assert.deepEqual(a.heads[0].values, tapeValue(s, 'heads/head0/weights').slice(0, a.heads[0].values.length));
      stopAt(s, forwardNode('heads/head1/weights'));
      assert.deepEqual(inspect(s).attention[0].heads.map((h) => h.computed), [true, true]);
    });
  });

  describe('graph and loss', () => {
    it('an op’s value norm is there once the cursor has reached it', () => {
      const s = sampleSession('lstm-memory');
      stopAt(s, forwardNode('memory/t3/gate_f'));
      const g = ok<GraphView>(s.graph());
      const norm = (id: string) => g.nodes.find((n) => n.id === id)!.valueNorm;
      assert.ok(norm('memory/t3/gate_f') !== null);
      assert.ok(norm('memory/t2/h') !== null);
      assert.equal(norm('memory/t4/gate_f'), null);
      assert.equal(norm('memory/t11/h'), null);
      assert.ok(g.nodes.filter((n) => n.kind === 'op').every((n) => n.gradNorm === null), 'no gradient in the forward pass');
    });

    it('the loss curve gets this step’s loss once the cursor has reached the loss', () => {
      const s = sampleSession('lstm-memory');
      stopAt(s, forwardNode('memory/t3/gate_f'));
      assert.deepEqual(inspect(s).training.losses, []);
      stopAt(s, (e) => e.phase === 'loss');
      const losses = inspect(s).training.losses;
      assert.deepEqual(losses.map((l) => l.step), [1]);
      assert.equal(losses[0].loss, s.internals!.timeline.run!.loss.data[0]);
    });
  });
});
