import { strict as assert } from 'node:assert';
import { TINY_CORPUS } from '../../../../engine/data/corpus';
import type { GloveView } from '../../../../engine/protocol/views';
import { close, dot, inspectorOf, openSample, rowsOf, stepInUntil } from './wordSupport';

const DIM = 10;
const glove = (v: ReturnType<typeof inspectorOf>): GloveView => {
  assert.ok(v.glove, 'a GloVe view');
  return v.glove;
};
const f = (x: number, g: GloveView): number => Math.min(1, (x / g.xMax) ** g.alpha);

describe('Inspector: GloVe (glove)', () => {
  it('sends every nonzero X_ij, counted here: a neighbour at distance d ≤ 2 adds 1/d, both ways', () => {
    const g = glove(inspectorOf(openSample('glove')));
    const id = new Map(g.words.map((w, i) => [w, i]));
    const X = new Map<string, number>();
    for (const ids of TINY_CORPUS.map((s) => s.split(' ').map((w) => id.get(w)!))) {
      ids.forEach((a, p) => {
        for (let d = 1; d <= 2 && p + d < ids.length; d++) {
          for (const key of [`${a},${ids[p + d]}`, `${ids[p + d]},${a}`]) X.set(key, (X.get(key) ?? 0) + 1 / d);
        }
      });
    }
    assert.equal(g.pairs.counts.length, X.size);
    g.pairs.counts.forEach((x, p) => close(x, X.get(`${g.pairs.rows[p]},${g.pairs.cols[p]}`)!, `X of pair ${p}`));
    assert.deepEqual([g.xMax, g.alpha], [4, 0.75]);
  });

  it('no residual before glove_loss/err runs; then r = w_i·w̃_j + b_i + b̃_j − log X_ij from the parameters, the marked pair the costliest f(X)·r²', () => {
    const session = openSample('glove');
    session.goto(30);
    stepInUntil(session, (l) => l.node === 'glove/glove_loss/pred');
    assert.ok(glove(inspectorOf(session)).residuals.every((r) => r === null));
    stepInUntil(session, (l) => l.node === 'glove/glove_loss/err');
    const g = glove(inspectorOf(session));
    const [W, Wt] = [rowsOf(session, 'glove.W', DIM), rowsOf(session, 'glove.Wt', DIM)];
    const [b, bt] = [rowsOf(session, 'glove.b', 1), rowsOf(session, 'glove.bt', 1)];
    g.pairs.counts.forEach((x, p) => {
      const [i, j] = [g.pairs.rows[p], g.pairs.cols[p]];
      close(g.residuals[p]!, dot(W(i), Wt(j)) + b(i)[0] + bt(j)[0] - Math.log(x), `residual of (${g.words[i]}, ${g.words[j]})`);
    });
    const cost = g.pairs.counts.map((x, p) => f(x, g) * g.residuals[p]! ** 2);
    assert.equal(g.current, cost.indexOf(Math.max(...cost)));
    session.stepBack();
    assert.ok(glove(inspectorOf(session)).residuals.every((r) => r === null), 'a Step Back hides them again');
  });

  it('is absent for word2vec', () => {
    assert.equal(inspectorOf(openSample('word2vec-skipgram')).glove, null);
  });
});
