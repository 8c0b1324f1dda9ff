import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { InspectorView, TransformerBlockView } from '../../../../engine/protocol/views';
import type { EventInfo } from '../../../../engine/session/outline';
import { Session } from '../../../../engine/session/session';
import { ok, stopAt } from '../session_support';

/**
 * The Transformer block view of the transformer sample: the residual stream's ‖x‖₂ per position of
 * example 0 and LayerNorm's mean and variance per position, recomputed here from the tape's values,
 * each sent only once the cursor has reached the op that makes it; the position vectors as the
 * parameter holds them.
 */
const root = path.resolve(__dirname, '../../../..');
const sample = readFileSync(path.join(root, 'samples/transformer.nn.yaml'), 'utf8');

function session(text = sample): Session {
  const s = Session.create(text, 'samples/transformer.nn.yaml');
  ok(s.start());
  return s;
}


const forward = (name: string) => (e: EventInfo) => e.phase === 'forward' && e.name === name;
const block = (s: Session): TransformerBlockView => {
  const views = ok<InspectorView>(s.inspector()).transformer!;
  assert.equal(views.length, 1);
  return views[0];
};
const node = (s: Session, name: string) => s.internals!.timeline.run!.tape.nodes.find((n) => n.name === name)!;
const [T, D] = [8, 16];

/** Row i of example 0: the values [i·D, (i+1)·D). */
const rows = (data: ArrayLike<number>): number[][] => Array.from({ length: T }, (_, i) => Array.from({ length: D }, (_, j) => data[i * D + j]));
const norm = (r: number[]): number => Math.hypot(...r);
const mean = (r: number[]): number => r.reduce((a, b) => a + b, 0) / r.length;
const variance = (r: number[]): number => mean(r.map((v) => (v - mean(r)) ** 2));
const close = (a: readonly number[], b: readonly number[], what: string): void => a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-9 * Math.max(1, Math.abs(b[i])), `${what}[${i}]: ${v} ≠ ${b[i]}`));

describe('session views: the Transformer block at the cursor', () => {
  it('at block/ln1 (post-norm): the stream up to LN₁ is ‖x‖ per position of example 0, the rest not computed; LN₁ has the mean and variance of x + Attn(x)', () => {
    const s = session();
    stopAt(s, forward('block/ln1'));
    const v = block(s);
    assert.equal(v.norm, 'post');
    assert.equal(v.positions, T);
    assert.deepEqual(v.stream.map((p) => p.node), ['embed/plus_positions', 'block/residual1', 'block/ln1', 'block/residual2', 'block/out']);
    assert.deepEqual(v.stream.map((p) => p.computed), [true, true, true, false, false]);
    const values = (name: string) => rows(node(s, name).outputs[0].data);
    for (const p of v.stream.slice(0, 3)) close(p.norms, values(p.node).map(norm), p.node);
    for (const p of v.stream.slice(3)) assert.deepEqual(p.norms, new Array(T).fill(0), `${p.node} is not sent before it is computed`);
    // LN₁ brings every position to norm √D (γ = 1, β = 0 at the start): the stream's norm jumps to 4.
    v.stream[2].norms.forEach((n) => assert.ok(Math.abs(n - Math.sqrt(D)) < 1e-3));
    assert.deepEqual(v.layerNorms.map((l) => [l.node, l.computed]), [['block/ln1', true], ['block/out', false]]);
    const x = values('block/residual1');
    close(v.layerNorms[0].mean, x.map(mean), 'mean');
    close(v.layerNorms[0].variance, x.map(variance), 'variance');
  });

  it('stepping back onto residual1 hides LN₁ again', () => {
    const s = session();
    stopAt(s, forward('block/ln1'));
    ok(s.stepBack());
    const v = block(s);
    assert.deepEqual(v.stream.map((p) => p.computed), [true, true, false, false, false]);
    assert.equal(v.layerNorms[0].computed, false);
  });

  it('pre-norm: the stream is x, x + Attn(LN₁(x)) and the output; at the end of the block everything is computed', () => {
    const s = session(sample.replace('ff: 32 }', 'ff: 32, norm: pre }'));
    stopAt(s, forward('block/out'));
    const v = block(s);
    assert.equal(v.norm, 'pre');
    assert.deepEqual(v.stream.map((p) => p.node), ['embed/plus_positions', 'block/residual1', 'block/out']);
    assert.ok(v.stream.every((p) => p.computed));
    close(v.stream[2].norms, rows(node(s, 'block/out').outputs[0].data).map(norm), 'out');
    assert.deepEqual(v.layerNorms.map((l) => l.node), ['block/ln1', 'block/ln2']);
    close(v.layerNorms[1].variance, rows(node(s, 'block/residual1').outputs[0].data).map(variance), 'LN₂ variance');
  });

  it('the position vectors are the parameter embed.P as it is now (8 positions × 16)', () => {
    const s = session();
    stopAt(s, forward('block/ln1'));
    const p = block(s).positional!;
    const P = s.internals!.trainer.layers.flatMap((l) => l.params).find((t) => t.name === 'embed.P')!;
    assert.deepEqual([p.param, p.rows, p.cols], ['embed.P', T, D]);
    assert.deepEqual(p.values, Array.from(P.data));
  });

  it('a model without a Transformer block has none', () => {
    const s = Session.create(readFileSync(path.join(root, 'samples/mlp-xor.nn.yaml'), 'utf8'), 'samples/mlp-xor.nn.yaml');
    ok(s.start());
    assert.deepEqual(ok<InspectorView>(s.inspector()).transformer, []);
  });
});
