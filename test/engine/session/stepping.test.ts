import { strict as assert } from 'node:assert';
import { depthOf, type Level } from '../../../engine/session/cursor';
import { StepOutline } from '../../../engine/session/outline';
import { stepBackTarget, stepInTarget, stepOutTarget, stepOverTarget, type Target } from '../../../engine/session/stepping';
import { checked, FAKE_MODEL, FakeTrainer } from '../../support/fake-trainer';

/**
 * The stepping rules on one training step of a small model: an LSTM `memory` over 3 time steps
 * (`return: last`), linear `hidden`, `relu1`, linear `out`, `sigmoid1`, a bce loss, clipping, SGD. Its time
 * steps are the scopes at depth 1 below the layer: level 1 is the time-step level.
 */
function outline(): StepOutline {
  const t = new FakeTrainer(checked(FAKE_MODEL));
  const run = t.beginStep();
  return new StepOutline(run.events, 'sgd', t.layers);
}

const o = outline();
const names = o.events.map((e) => e.name);
const at = (name: string, phase = 'forward'): number => {
  const i = o.events.findIndex((e) => e.name === name && e.phase === phase);
  assert.ok(i >= 0, `no ${phase} event ${name}`);
  return i;
};
const label = (t: Target): string => `${t.kind === 'event' ? `${o.events[t.event].phase} ${names[t.event]}` : t.kind} @${t.level}`;

/** Applies a rule repeatedly from (i, level) and lists where it lands, until it leaves the step. */
function walk(rule: typeof stepOverTarget, i: number, level: Level): string[] {
  const out: string[] = [];
  for (let t = rule(o, i, level); ; t = rule(o, i, level)) {
    out.push(label(t));
    if (t.kind !== 'event') return out;
    [i, level] = [t.event, t.level];
  }
}

describe('session stepping rules', () => {
  describe('Step Over at layer level', () => {
    it('visits the forward layers, the loss, the backward layers in reverse, the clip and each parameter update, then the next step', () => {
      assert.deepEqual(walk(stepOverTarget, 0, 'layer'), [
        'forward hidden/xW @layer',
        'forward relu1/y @layer',
        'forward out/xW @layer',
        'forward sigmoid1/y @layer',
        'loss loss @layer',
        'backward loss @layer',
        'backward sigmoid1/y @layer',
        'backward out/y @layer',
        'backward relu1/y @layer',
        'backward hidden/y @layer',
        'backward memory/t2/h @layer',
        'update update/clip @layer',
        ...['W_f', 'W_i', 'W_c', 'W_o', 'b_f', 'b_i', 'b_c', 'b_o'].map((p) => `update update/memory.${p} @layer`),
        'update update/hidden.W @layer',
        'update update/hidden.b @layer',
        'update update/out.W @layer',
        'update update/out.b @layer',
        'nextStep @layer',
      ]);
    });

    it('from inside a layer goes to the next layer', () => {
      assert.equal(label(stepOverTarget(o, at('memory/t1/gate_f'), 'layer')), 'forward hidden/xW @layer');
    });
  });

  describe('Step In', () => {
    it('goes from a recurrent layer to its time steps without moving', () => {
      assert.equal(label(stepInTarget(o, 0, 'layer')), 'forward memory/x_rows @1');
    });

    it('goes from a layer without time steps to its ops', () => {
      assert.equal(label(stepInTarget(o, at('hidden/xW'), 'layer')), 'forward hidden/xW @op');
    });

    it('goes from a time step to its first op', () => {
      assert.equal(label(stepInTarget(o, at('memory/t1/x'), 1)), 'forward memory/t1/x @op');
    });

    it('over a group of one event (a one-op layer, an update) is Step Over', () => {
      assert.equal(label(stepInTarget(o, at('relu1/y'), 'layer')), label(stepOverTarget(o, at('relu1/y'), 'layer')));
      const w = at('update/memory.W_f', 'update');
      assert.equal(label(stepInTarget(o, w, 'layer')), 'update update/memory.W_i @layer');
    });

    it('at op level is Step Over', () => {
      const i = at('memory/t0/hx');
      assert.equal(label(stepInTarget(o, i, 'op')), label(stepOverTarget(o, i, 'op')));
    });

    it('goes into the backward pass of a recurrent layer by time step, last step first', () => {
      const i = at('memory/t2/h', 'backward');
      assert.equal(label(stepInTarget(o, i, 'layer')), 'backward memory/t2/h @1');
      assert.deepEqual(walk(stepOverTarget, i, 1).slice(0, 3), ['backward memory/t1/h @1', 'backward memory/t0/h @1', 'update update/clip @1']);
    });
  });

  describe('Step Over inside a layer', () => {
    it('at time-step level visits the ops outside time steps and each time step, then goes on into the next layer', () => {
      assert.deepEqual(walk(stepOverTarget, 0, 1).slice(0, 7), [
        'forward memory/t0/x @1',
        'forward memory/t1/x @1',
        'forward memory/t2/x @1',
        'forward memory/h @1',
        'forward memory/c @1',
        'forward hidden/xW @1',
        'forward hidden/y @1',
      ]);
    });

    it('at op level visits every event in turn, across time steps, layers and phases', () => {
      const steps = walk(stepOverTarget, 0, 'op');
      assert.deepEqual(steps, [...names.slice(1).map((n, k) => `${o.events[k + 1].phase} ${n} @op`), 'nextStep @op']);
    });

    it('past the last event of the step goes to the next step at the same level', () => {
      for (const level of ['layer', 1, 'op'] as const) assert.equal(label(stepOverTarget(o, o.length - 1, level)), `nextStep @${level}`);
    });
  });

  describe('Step Out', () => {
    it('from an op in a time step goes to the next time step', () => {
      assert.equal(label(stepOutTarget(o, at('memory/t1/gate_f'), 'op')), 'forward memory/t2/x @1');
    });

    it('from the last time step goes on inside the layer', () => {
      assert.equal(label(stepOutTarget(o, at('memory/t2/gate_f'), 'op')), 'forward memory/h @1');
    });

    it('from a time step goes to the next layer', () => {
      assert.equal(label(stepOutTarget(o, at('memory/t1/x'), 1)), 'forward hidden/xW @layer');
    });

    it('from an op of a layer without time steps goes to the next layer', () => {
      assert.equal(label(stepOutTarget(o, at('hidden/xW'), 'op')), 'forward relu1/y @layer');
    });

    it('from layer level goes to the next phase: forward → loss → backward → update → next step', () => {
      assert.equal(label(stepOutTarget(o, at('hidden/xW'), 'layer')), 'loss loss @layer');
      assert.equal(label(stepOutTarget(o, at('loss', 'loss'), 'layer')), 'backward loss @layer');
      assert.equal(label(stepOutTarget(o, at('out/y', 'backward'), 'layer')), 'update update/clip @layer');
      assert.equal(label(stepOutTarget(o, at('update/hidden.W', 'update'), 'layer')), 'nextStep @layer');
    });
  });

  describe('Step Back where there is no trail to retrace (the positional rule)', () => {
    const back = (name: string, phase: string, level: Level): string => label(stepBackTarget(o, at(name, phase), level));

    it('from the first op of a layer goes up to the layer, at the same event (the reverse of Step In)', () => {
      assert.equal(back('hidden/xW', 'forward', 'op'), 'forward hidden/xW @layer');
      assert.equal(back('out/y', 'backward', 'op'), 'backward out/y @layer');
    });

    it('from the first op of a time step goes up to the time step, and from there to the layer', () => {
      assert.equal(back('memory/t2/h', 'backward', 'op'), 'backward memory/t2/h @1');
      assert.equal(back('memory/t2/h', 'backward', 1), 'backward memory/t2/h @layer');
      assert.equal(back('memory/t1/x', 'forward', 'op'), 'forward memory/t1/x @1');
    });

    it('from the first event of a layer, at a level where it is a group of its own, goes up to the layer', () => {
      assert.equal(back('memory/x_rows', 'forward', 'op'), 'forward memory/x_rows @layer');
      assert.equal(back('memory/x_rows', 'forward', 1), 'forward memory/x_rows @layer');
    });

    it('from a group of one event (nothing to step into) goes to the previous group at the same level', () => {
      assert.equal(back('relu1/y', 'forward', 'op'), 'forward hidden/y @op');
      assert.equal(back('loss', 'loss', 'op'), 'forward sigmoid1/y @op');
      assert.equal(back('update/clip', 'update', 'op'), 'backward memory/t0/lin_f @op');
    });

    it('from inside a group goes to the group’s first event', () => {
      assert.equal(back('memory/t1/gate_f', 'forward', 'layer'), 'forward memory/x_rows @layer');
      assert.equal(back('memory/t1/gate_f', 'forward', 1), 'forward memory/t1/x @1');
      assert.equal(back('memory/t1/gate_f', 'forward', 'op'), 'forward memory/t1/pre_f @op');
    });

    it('from the first event of a group goes to the previous group at the same level, across time steps, layers and phases', () => {
      assert.equal(back('memory/t1/x', 'forward', 1), 'forward memory/t0/x @1');
      assert.equal(back('hidden/xW', 'forward', 'layer'), 'forward memory/x_rows @layer');
      assert.equal(back('loss', 'backward', 'layer'), 'loss loss @layer');
      assert.equal(back('update/clip', 'update', 1), 'backward memory/t0/h @1');
      assert.equal(back('hidden/y', 'forward', 'op'), 'forward hidden/xW @op');
    });

    it('is the reverse of Step Over, except where a shallower group with an inside begins: there it goes up to that group', () => {
      for (const level of ['layer', 1, 'op'] as const) {
        for (let i = 0; i < o.length; i++) {
          if (o.span(i, level).start !== i) continue;
          const over = stepOverTarget(o, i, level);
          if (over.kind !== 'event') continue;
          const t = stepBackTarget(o, over.event, over.level);
          assert.equal(t.kind, 'event');
          if (t.kind !== 'event' || t.event !== over.event) {
            assert.equal(label(t), label({ kind: 'event', event: i, level }), `${level} from ${names[i]}`);
            continue;
          }
          const up = o.span(t.event, t.level);
          assert.ok(depthOf(t.level) < depthOf(over.level), `${label(t)} is shallower than ${label(over)}`);
          assert.ok(up.start === t.event && up.end - up.start > 1, `${label(t)} begins a group with an inside`);
        }
      }
    });

    it('from the first event of the step goes to the previous step at layer level; deeper, up to the first layer first', () => {
      assert.equal(label(stepBackTarget(o, 0, 'layer')), 'previousStep @layer');
      for (const level of [1, 'op'] as const) assert.equal(label(stepBackTarget(o, 0, level)), 'forward memory/x_rows @layer');
    });
  });
});
