import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmbeddingView, InspectorView } from '../../../../engine/protocol/views';
import { Session } from '../../../../engine/session/session';
import { principalAxes } from '../../../../engine/session/views/pca';
import { cosine } from '../../../../engine/text/similarity';
import { fasttextNgrams, fnv1a } from '../../../../engine/text/fasttext_ngrams';
import { ok } from '../session_support';

const view = (session: Session): EmbeddingView => ok<InspectorView>(session.inspector()).embeddings!;

/** Normalised correlation of one coordinate of the points in two pictures: −1 when one is the other's mirror image. */
function correlation(a: EmbeddingView, b: EmbeddingView, axis: 0 | 1): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  a.points.forEach((p, i) => {
    ab += p[axis] * b.points[i][axis];
    aa += p[axis] ** 2;
    bb += b.points[i][axis] ** 2;
  });
  return ab / Math.sqrt(aa * bb);
}

const open = (name: string): Session => Session.create(readFileSync(join(__dirname, '../../../../samples', `${name}.nn.yaml`), 'utf8'), `${name}.nn.yaml`);

describe('session views: embeddings', function () {
  this.timeout(120_000);

  it('send the full word vectors beside the projection: one row of D numbers per word, the rows of the matrix', () => {
    const session = open('word2vec-skipgram');
    ok(session.start());
    session.goto(40);
    const e = ok<InspectorView>(session.inspector()).embeddings!;
    const layer = session.internals!.trainer.layers.find((l) => l.kind === 'word2vec')!;
    const matrix = layer.params.find((p) => p.rank === 2)!;
    const [, d] = matrix.shape;
    assert.ok(e.vectors, 'the vectors are sent');
    assert.equal(e.vectors.dim, d);
    assert.equal(e.vectors.values.length, e.words.length * d);
    assert.equal(e.points.length, e.words.length);
    e.vectors.values.forEach((v, k) => assert.ok(Math.abs(v - matrix.data[k]) <= 1e-6 * Math.abs(matrix.data[k]), `number ${k}: ${v} for ${matrix.data[k]}`));
  });

  it('fastText: only the vocabulary’s words, not its n-gram bucket rows', () => {
    const session = open('fasttext');
    ok(session.start());
    const e = ok<InspectorView>(session.inspector()).embeddings!;
    const ft = session.internals!.trainer.layers.find((l) => l.kind === 'fasttext')!;
    const rows = ft.params.find((p) => p.rank === 2)!.shape[0];
    assert.ok(e.words.length < rows, `${e.words.length} words of ${rows} rows`);
    assert.ok(
      e.words.every((w) => !/^\d+$/.test(w)),
      'no row number stands in for a word',
    );
    assert.equal(e.vectors!.values.length, e.words.length * e.vectors!.dim);
  });

  it('fastText: each word’s vector is the mean of its own row and its n-gram rows of ft.E (the vector its loss trains), not its own row alone', () => {
    const session = open('fasttext');
    ok(session.start());
    session.goto(60);
    const e = view(session);
    const E = session.internals!.trainer.layers.find((l) => l.kind === 'fasttext')!.params.find((p) => p.rank === 2)!;
    const d = E.shape[1];
    const V = e.words.length;
    // The sample's settings: minn 3, maxn 6, 2000 buckets after the V word rows.
    assert.equal(E.shape[0], V + 2000);
    let ownRowDiffers = 0;
    e.words.forEach((w, i) => {
      const rows = [i, ...fasttextNgrams(w, { minn: 3, maxn: 6 }).map((g) => V + (fnv1a(g) % 2000))];
      for (let j = 0; j < d; j++) {
        const mean = rows.reduce((s, r) => s + E.data[r * d + j], 0) / rows.length;
        const sent = e.vectors!.values[i * d + j];
        assert.ok(Math.abs(sent - mean) <= 1e-6 * Math.abs(mean) + 1e-12, `${w}[${j}]: ${sent}, mean of ${rows.length} rows ${mean}`);
        if (Math.abs(E.data[i * d + j] - mean) > 1e-3) ownRowDiffers++;
      }
    });
    assert.ok(ownRowDiffers > V, 'the own row alone would be another vector');
  });

  it('fastText sample’s promise, in the vectors the view sends after its 1000 steps: castle and castles, kitten and kittens are among each other’s 4 nearest words (their own rows alone are not)', () => {
    const session = open('fasttext');
    ok(session.start());
    ok(session.goto(1000));
    const e = view(session);
    const d = e.vectors!.dim;
    const vector = (w: string): number[] => e.vectors!.values.slice(e.words.indexOf(w) * d, (e.words.indexOf(w) + 1) * d);
    const nearest4 = (w: string): string[] =>
      e.words
        .filter((x) => x !== w)
        .sort((a, b) => cosine(vector(w), vector(b)) - cosine(vector(w), vector(a)))
        .slice(0, 4);
    for (const [a, b] of [
      ['castle', 'castles'],
      ['kitten', 'kittens'],
    ]) {
      assert.ok(nearest4(a).includes(b), `${a}: ${nearest4(a).join(', ')}`);
      assert.ok(nearest4(b).includes(a), `${b}: ${nearest4(b).join(', ')}`);
    }
  });

  it('fastText: the projection is the PCA of those same vectors (points, shares)', () => {
    const session = open('fasttext');
    ok(session.start());
    session.goto(60);
    const e = view(session);
    const d = e.vectors!.dim;
    const n = e.words.length;
    const { mean, axes, variances, total } = principalAxes(e.vectors!.values, n, d, 2);
    const scale = Math.sqrt(variances[0]);
    for (const k of [0, 1] as const) {
      const xs = e.points.map((_, i) => axes[k].reduce((t, a, j) => t + a * (e.vectors!.values[i * d + j] - mean[j]), 0));
      // An axis is known up to its sign; the view's sign rule is tested on its own.
      const sign = Math.sign(e.points.reduce((s, p, i) => s + p[k] * xs[i], 0));
      e.points.forEach((p, i) => {
        const x = xs[i];
        assert.ok(Math.abs(p[k] - sign * x) <= 1e-5 * scale, `${e.words[i]}, axis ${k + 1}: ${p[k]} vs ${sign * x}`);
      });
      assert.ok(Math.abs(e.explained[k] - variances[k] / total) < 1e-5);
    }
  });

  for (const sample of ['fasttext', 'word2vec-skipgram']) {
    it(`${sample}: over 300 training steps the picture never mirrors itself, and going back shows exactly what was shown`, () => {
      const session = open(sample);
      ok(session.start());
      const shown = new Map<number, EmbeddingView>();
      let smooth = 0;
      for (let step = 1; step <= 300; step++) {
        if (step > 1) ok(session.goto(step));
        const e = view(session);
        const before = shown.get(step - 1);
        if (before) {
          for (const k of [0, 1] as const) {
            const c = correlation(before, e, k);
            assert.ok(c > -0.5, `step ${step}: axis ${k + 1} mirrored (correlation ${c.toFixed(3)} with step ${step - 1})`);
            if (c > 0.9) smooth++;
          }
        }
        shown.set(step, e);
      }
      assert.ok(smooth >= 0.95 * 2 * 299, `${smooth} of ${2 * 299} consecutive coordinates moved smoothly`);
      ok(session.stepBack());
      const back = view(session);
      for (const k of [0, 1] as const) assert.ok(correlation(back, shown.get(300)!, k) > 0.9, 'a step back from 300 does not mirror the picture');
      for (const step of [299, 200, 37]) {
        ok(session.goto(step));
        assert.deepEqual(view(session).points, shown.get(step)!.points, `step ${step} again`);
      }
    });
  }

  it('a session that jumps straight to step 300 shows the same picture up to the sign of each axis', () => {
    const stepped = open('word2vec-skipgram');
    ok(stepped.start());
    for (const step of [100, 200, 300]) ok(stepped.goto(step));
    const jumped = open('word2vec-skipgram');
    ok(jumped.start());
    ok(jumped.goto(300));
    const a = view(stepped);
    const b = view(jumped);
    assert.deepEqual(b.explained, a.explained);
    for (const k of [0, 1] as const) a.points.forEach((p, i) => assert.ok(Math.abs(Math.abs(p[k]) - Math.abs(b.points[i][k])) < 1e-12, a.words[i]));
  });
});
