import { strict as assert } from 'node:assert';
import type { HuffmanView, TreeChild } from '../../../../engine/protocol/views';
import { buildHuffman } from '../../../../engine/text/huffman';
import { close, dot, inspectorOf, openSample, rowsOf, sigmoid, stepInUntil } from './wordSupport';

const DIM = 10;
const BATCH = 16;
const huffman = (v: ReturnType<typeof inspectorOf>): HuffmanView => {
  assert.ok(v.huffman, 'a Huffman view');
  return v.huffman;
};

/** Leaves under a child, by walking the tree the view sends. */
function depths(view: HuffmanView): number[] {
  const out: number[] = [];
  const walk = (c: TreeChild, depth: number): void => {
    if ('word' in c) out[c.word] = depth;
    else for (const next of [view.inner[c.inner].zero, view.inner[c.inner].one]) walk(next, depth + 1);
  };
  walk({ inner: view.inner.length - 1 }, 0);
  return out;
}

/**
 * The model's p(w | context) with the parameters now: the mean of the context's rows of V, then
 * the product of σ(±θ_n·v) along w's Huffman path from the word counts.
 */
function modelProbability(theta: (k: number) => number[], v: number[], counts: readonly number[], word: number): number {
  const { points, codes } = buildHuffman(counts).paths[word];
  return points.reduce((p, n, k) => p * sigmoid((1 - 2 * codes[k]) * dot(theta(n), v)), 1);
}

describe('Inspector: hierarchical softmax (word2vec-hs)', () => {
  it('sends the Huffman tree: every word one leaf, a more frequent word never deeper than a rarer one, "the" 3 deep', () => {
    const view = huffman(inspectorOf(openSample('word2vec-hs')));
    const d = depths(view);
    assert.equal(d.length, view.words.length);
    assert.ok(d.every((x) => x > 0));
    for (let a = 0; a < d.length; a++) for (let b = 0; b < d.length; b++) if (view.counts[a] > view.counts[b]) assert.ok(d[a] <= d[b], `${view.words[a]} deeper than ${view.words[b]}`);
    assert.equal(d[view.words.indexOf('the')], 3);
  });

  it('shows nothing of the path before its ops run, then the σ of each node and their product = the model’s p(w | context)', () => {
    const session = openSample('word2vec-hs');
    session.goto(40);
    stepInUntil(session, (l) => l.node === 'w2v/ex0/Theta_path');
    const before = huffman(inspectorOf(session)).example!;
    assert.equal(before.scope, 'w2v/ex0');
    assert.deepEqual([before.probability, before.path.map((n) => [n.score, n.sigma, n.grad])], [null, before.path.map(() => [null, null, null])]);
    stepInUntil(session, (l) => l.node === 'w2v/ex0/hs_loss/log_sigma');
    const view = huffman(inspectorOf(session));
    const ex = view.example!;
    const V = rowsOf(session, 'w2v.V', DIM);
    const ctx = ex.context.map(V);
    const v = ctx[0].map((_, j) => ctx.reduce((s, r) => s + r[j], 0) / ctx.length);
    const theta = rowsOf(session, 'w2v.Theta', DIM);
    close(ex.probability!, modelProbability(theta, v, view.counts, ex.target), 'Π σ = p(w | context)');
    ex.path.forEach((n, k) => close(n.sigma!, sigmoid((1 - 2 * n.code) * dot(theta(n.node), v)), `σ at node ${k}`));
    // The tree is a distribution over the words: the same product over every word sums to 1.
    close(view.words.reduce((s, _, w) => s + modelProbability(theta, v, view.counts, w), 0), 1, 'Σ_w p(w | context)');
    assert.ok(ex.path.every((n) => n.grad === null), 'no gradient in the forward pass');
  });

  it('in the backward pass, the gradient at each node: ∂L/∂(θ·v) = −(1 − 2d)(1 − σ(±θ·v)) / B; gone again after a Step Back', () => {
    const session = openSample('word2vec-hs');
    session.goto(40);
    stepInUntil(session, (l) => l.phase === 'backward' && l.node === 'w2v/ex0/hs_loss/log_sigma');
    assert.ok(huffman(inspectorOf(session)).example!.path.every((n) => n.grad === null), 'not before signed_scores');
    stepInUntil(session, (l) => l.phase === 'backward' && l.node === 'w2v/ex0/hs_loss/signed_scores');
    const ex = huffman(inspectorOf(session)).example!;
    for (const n of ex.path) close(n.grad!, (-(1 - 2 * n.code) * (1 - n.sigma!)) / BATCH, `gradient at node ${n.node}`);
    session.stepBack();
    assert.ok(huffman(inspectorOf(session)).example!.path.every((n) => n.grad === null));
  });

  it('follows the example the cursor is in, and is absent for a model with negative sampling', () => {
    const session = openSample('word2vec-hs');
    stepInUntil(session, (l) => l.node === 'w2v/ex3/V_ctx');
    assert.equal(huffman(inspectorOf(session)).example!.scope, 'w2v/ex3');
    assert.equal(inspectorOf(openSample('word2vec-skipgram')).huffman, null);
  });
});
