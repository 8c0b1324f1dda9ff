import { strict as assert } from 'node:assert';
import type { NegativeSamplingView } from '../../../../engine/protocol/views';
import { TINY_CORPUS } from '../../../../engine/data/corpus';
import { close, dot, inspectorOf, openSample, rowsOf, sigmoid, stepInUntil } from './wordSupport';

const DIM = 10;
const ns = (v: ReturnType<typeof inspectorOf>): NegativeSamplingView => {
  assert.ok(v.negativeSampling, 'a negative-sampling view');
  return v.negativeSampling;
};

describe('Inspector: negative sampling (word2vec-skipgram)', () => {
  it('the unigram distribution is count/N and the noise count^¾/Z, counted here from the corpus', () => {
    const view = ns(inspectorOf(openSample('word2vec-skipgram')));
    const counted = new Map<string, number>();
    for (const w of TINY_CORPUS.flatMap((s) => s.split(' '))) counted.set(w, (counted.get(w) ?? 0) + 1);
    const counts = view.words.map((w) => counted.get(w)!);
    const n = counts.reduce((a, b) => a + b, 0);
    const z = counts.reduce((a, c) => a + c ** 0.75, 0);
    view.words.forEach((w, i) => {
      close(view.unigram[i], counts[i] / n, `P(${w})`);
      close(view.noise[i], counts[i] ** 0.75 / z, `Pn(${w})`);
    });
    // ¾ lifts rare words: the rarest gains, the most frequent loses.
    assert.ok(view.noise[view.words.length - 1] > view.unigram[view.words.length - 1] && view.noise[0] < view.unigram[0]);
  });

  it('nothing of the scores before their ops run; then u·v and σ(u·v) of the positive pair and of each negative, from U and V', () => {
    const session = openSample('word2vec-skipgram');
    session.goto(200);
    stepInUntil(session, (l) => l.node === 'w2v/v_c');
    const before = ns(inspectorOf(session)).example!;
    assert.deepEqual([before.positive, ...before.negatives].map((w) => [w.score, w.sigma]), [before.positive, ...before.negatives].map(() => [null, null]));
    assert.equal(before.negatives.length, 5);
    assert.ok(before.negatives.every((w) => w.word !== before.positive.word), 'no negative is the true context word');
    stepInUntil(session, (l) => l.node === 'w2v/sgns_loss/score_neg');
    const mid = ns(inspectorOf(session)).example!;
    assert.ok(mid.positive.score !== null && mid.negatives.every((w) => w.score !== null && w.sigma === null), 'scores before σ');
    stepInUntil(session, (l) => l.node === 'w2v/sgns_loss/log_sigma_neg');
    const ex = ns(inspectorOf(session)).example!;
    const U = rowsOf(session, 'w2v.U', DIM);
    const v = rowsOf(session, 'w2v.V', DIM)(ex.input[0]);
    for (const w of [ex.positive, ...ex.negatives]) {
      close(w.score!, dot(U(w.word), v), `u·v of word ${w.word}`);
      close(w.sigma!, sigmoid(dot(U(w.word), v)), `σ(u·v) of word ${w.word}`);
    }
    session.stepBack();
    assert.ok(ns(inspectorOf(session)).example!.negatives.every((w) => w.sigma === null), 'a Step Back hides them again');
  });

  it('fastText: the same picture, with v the mean of the centre word’s own row and its n-gram rows', () => {
    const session = openSample('fasttext');
    session.goto(50);
    stepInUntil(session, (l) => l.node === 'ft/sgns_loss/log_sigma_neg');
    const ex = ns(inspectorOf(session)).example!;
    const U = rowsOf(session, 'ft.U', DIM);
    const E = rowsOf(session, 'ft.E', DIM);
    const rows = session.internals!.timeline.outline!.events.find((e) => e.name === 'ft/subword_rows')!.node!.inputs[1].data;
    const v = Array.from({ length: DIM }, (_, j) => Array.from(rows).reduce((a, r) => a + E(r)[j], 0) / rows.length);
    for (const w of [ex.positive, ...ex.negatives]) close(w.sigma!, sigmoid(dot(U(w.word), v)), `σ(u·v) of word ${w.word}`);
    assert.equal(inspectorOf(openSample('word2vec-hs')).negativeSampling, null);
  });
});
