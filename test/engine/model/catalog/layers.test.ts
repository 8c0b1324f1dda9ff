import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AttrValue } from '../../../../engine/model/attrs';
import { LAYER_KINDS, layerKind, ShapeIssue, type Value } from '../../../../engine/model/catalog';

/** Shape rules as specifications: output shapes and parameter counts against the textbook formulas. */
function run(kind: string, attrs: Record<string, AttrValue>, inputs: Record<string, Value | Value[]>) {
  const def = layerKind(kind)!;
  const filled: Record<string, AttrValue> = {};
  for (const [k, a] of Object.entries(def.attrs)) if (a.default !== undefined) filled[k] = a.default;
  const sources = Object.fromEntries(Object.keys(inputs).map((k) => [k, `"${k}"`]));
  return def.shape({ attrs: { ...filled, ...attrs }, inputs, sources });
}

const f = (...shape: number[]): Value => ({ kind: 'float', shape });
const ids = (classes: number, ...shape: number[]): Value => ({ kind: 'index', shape, classes });
const count = (params: Readonly<Record<string, readonly number[]>>) => Object.values(params).reduce((s, p) => s + p.reduce((a, b) => a * b, 1), 0);
const dims = fc.integer({ min: 1, max: 9 });

describe('catalogue: layer kinds', () => {
  it('every kind has a doc, a formula, its settings documented and a main output', () => {
    for (const k of LAYER_KINDS) {
      assert.ok(k.doc.length > 20 && k.formula.length > 5, k.kind);
      for (const [name, a] of Object.entries(k.attrs)) assert.ok(a.doc.length > 3, `${k.kind}.${name}`);
      assert.ok(k.outputs.length >= 1 && k.inputs.length >= 1, k.kind);
      const slots = k.inputs.map((s) => s.name);
      for (const s of slots) assert.ok(!(s in k.attrs), `${k.kind}: input ${s} is not also a setting`);
    }
  });

  it('linear: (…, in) → (…, out) with out·in + out parameters', () => {
    fc.assert(
      fc.property(dims, dims, dims, (n, i, o) => {
        const r = run('linear', { out: o }, { input: f(n, i) });
        assert.deepEqual(r.outputs.out.shape, [n, o]);
        assert.equal(count(r.params), o * i + o);
        assert.equal(r.inferred?.in, i);
      }),
    );
  });

  it('rnn, lstm, gru: parameter counts H(H+I)+H per gate, and return sequence or last', () => {
    fc.assert(
      fc.property(dims, dims, dims, dims, (b, t, i, h) => {
        assert.equal(count(run('rnn', { hidden: h }, { input: f(b, t, i) }).params), h * i + h * h + h);
        assert.equal(count(run('lstm', { hidden: h }, { input: f(b, t, i) }).params), 4 * (h * (h + i) + h));
        assert.equal(count(run('gru', { hidden: h }, { input: f(b, t, i) }).params), 3 * (h * (h + i) + h));
        assert.equal(count(run('gru', { hidden: h, form: 'torch' }, { input: f(b, t, i) }).params), 3 * h * i + 3 * h * h + 6 * h);
        assert.deepEqual(run('lstm', { hidden: h }, { input: f(b, t, i) }).outputs.out.shape, [b, t, h]);
        assert.deepEqual(run('lstm', { hidden: h, return: 'last' }, { input: f(b, t, i) }).outputs.out.shape, [b, h]);
      }),
      { numRuns: 30 },
    );
  });

  it('an LSTM cannot start from a GRU state, nor from a state of another size', () => {
    const gruState: Value = { kind: 'state', shape: [2, 4], cell: 'gru' };
    assert.throws(() => run('lstm', { hidden: 4 }, { input: f(2, 3, 5), state: gruState }), /memory cell/);
    const lstmState: Value = { kind: 'state', shape: [2, 6], cell: 'lstm' };
    assert.throws(() => run('lstm', { hidden: 4 }, { input: f(2, 3, 5), state: lstmState }), (e: unknown) => e instanceof ShapeIssue && e.at.attr === 'hidden');
  });

  it('attention: context (…, Tq, Dv) and weights (…, Tq, Tk); dot needs equal widths', () => {
    const r = run('attention', { score: 'general' }, { query: f(2, 3, 4), keys: f(2, 5, 6) });
    assert.deepEqual([r.outputs.context.shape, r.outputs.weights.shape, r.params.W_a], [[2, 3, 6], [2, 3, 5], [4, 6]]);
    assert.throws(() => run('attention', { score: 'dot' }, { query: f(2, 3, 4), keys: f(2, 5, 6) }), /widths must match/);
    assert.throws(() => run('attention', { causal: true }, { query: f(2, 3, 4), keys: f(2, 5, 4) }), /as many queries as keys/);
  });

  it('multi-head attention: 4D² + 4D parameters, the width a multiple of the heads', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), dims, (h, dh, t) => {
        const d = h * dh;
        const r = run('multi_head_attention', { heads: h }, { input: f(1, t, d) });
        assert.equal(count(r.params), 4 * d * d + 4 * d);
        assert.deepEqual(r.outputs.weights.shape, [1, h, t, t]);
      }),
      { numRuns: 30 },
    );
    assert.throws(() => run('multi_head_attention', { heads: 3 }, { input: f(1, 4, 8) }), /cannot be split into 3 heads/);
  });

  it('transformer block keeps the shape; 4D²+4D (attention) + 2·D·ff + ff + D (FFN) + 4D (norms)', () => {
    const r = run('transformer_block', { heads: 2, ff: 16 }, { input: f(3, 5, 8) });
    assert.deepEqual(r.outputs.out.shape, [3, 5, 8]);
    assert.equal(count(r.params), 4 * 64 + 4 * 8 + 2 * 8 * 16 + 16 + 8 + 4 * 8);
  });

  it('embedding: ids (…) → (…, dim); a vocabulary smaller than the ids is an error', () => {
    assert.deepEqual(run('embedding', { dim: 3 }, { input: ids(7, 2, 5) }).outputs.out.shape, [2, 5, 3]);
    assert.throws(() => run('embedding', { dim: 3, vocab: 5 }, { input: ids(7, 2, 5) }), /too small/);
    assert.throws(() => run('embedding', { dim: 3 }, { input: f(2, 5) }), /token ids/);
  });

  it('seq2seq: logits (…, Tt, V_tgt)', () => {
    const r = run('seq2seq', { hidden: 8, embed: 4, attention: 'dot' }, { source: ids(10, 2, 6), target_in: ids(12, 2, 5) });
    assert.deepEqual([r.outputs.logits.shape, r.outputs.weights.shape], [[2, 5, 12], [2, 5, 6]]);
  });

  it('word2vec: V·D input vectors and V·D (negative sampling) or (V−1)·D (hierarchical softmax) output vectors', () => {
    const text: Value = { kind: 'text', shape: [30], classes: 20 };
    assert.equal(count(run('word2vec', { dim: 5 }, { text }).params), 2 * 20 * 5);
    assert.equal(count(run('word2vec', { dim: 5, objective: 'hierarchical_softmax' }, { text }).params), 20 * 5 + 19 * 5);
    assert.throws(() => run('word2vec', {}, { text: f(4, 2) }), /text corpus/);
  });

  it('add broadcasts; concat joins along the last axis', () => {
    assert.deepEqual(run('add', {}, { inputs: [f(4, 3), f(3)] }).outputs.out.shape, [4, 3]);
    assert.throws(() => run('add', {}, { inputs: [f(4, 3), f(4, 2)] }), /cannot add \[4,3\] and \[4,2\]/);
    assert.deepEqual(run('concat', {}, { inputs: [f(2, 5, 3), f(2, 5, 4)] }).outputs.out.shape, [2, 5, 7]);
    assert.throws(() => run('concat', {}, { inputs: [f(2, 5, 3), f(2, 4, 4)] }), /all other axes must match/);
  });

  it('perceptron: (…, n) → (…) with n weights and one bias', () => {
    const r = run('perceptron', {}, { input: f(4, 2) });
    assert.deepEqual([r.outputs.out.shape, count(r.params)], [[4], 3]);
  });
});
