import { strict as assert } from 'node:assert';
import type { FastTextView } from '../../../../engine/protocol/views';
import { close, dot, inspectorOf, openSample, rowsOf, stepInUntil } from './wordSupport';

const DIM = 10;
const fastText = (v: ReturnType<typeof inspectorOf>): FastTextView => {
  assert.ok(v.fastText, 'a fastText view');
  return v.fastText;
};
/** fastText's n-grams of 3 to 6 characters of `<word>`, by start then length, the whole `<word>` last unless among them. */
function ngrams(word: string): string[] {
  const s = `<${word}>`;
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) for (let n = 3; n <= 6 && i + n <= s.length; n++) out.push(s.slice(i, i + n));
  return s.length > 6 ? [...out, s] : out;
}
const cos = (a: number[], b: number[]): number => dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));

describe('Inspector: fastText (fasttext)', () => {
  it('cuts the centre word into its own row and its n-grams with < and >; shares only once v_c has run, then (E_r/n)·v/‖v‖², summing to 1', () => {
    const session = openSample('fasttext');
    session.goto(20);
    stepInUntil(session, (l) => l.node === 'ft/subword_rows');
    const before = fastText(inspectorOf(session));
    assert.deepEqual(before.parts.map((p) => p.gram), [null, ...ngrams(before.word)]);
    assert.ok(before.parts.every((p) => p.share === null));
    stepInUntil(session, (l) => l.node === 'ft/v_c');
    const view = fastText(inspectorOf(session));
    const E = rowsOf(session, 'ft.E', DIM);
    const n = view.parts.length;
    const v = Array.from({ length: DIM }, (_, j) => view.parts.reduce((a, p) => a + E(p.row)[j], 0) / n);
    view.parts.forEach((p) => close(p.share!, dot(E(p.row), v) / n / dot(v, v), `share of ${p.gram ?? 'the word’s own row'}`));
    close(view.parts.reduce((a, p) => a + p.share!, 0), 1, 'Σ shares');
  });

  it('follows unseen words (kings, queens, …): their nearest words by cosine of the composed vectors, remembered per step and never past the cursor', () => {
    const session = openSample('fasttext');
    const first = fastText(inspectorOf(session));
    assert.deepEqual(first.unseen.map((u) => u.word).slice(0, 2), ['kings', 'queens']);
    assert.deepEqual(first.unseen[0].history.map((h) => h.step), [0]);
    session.goto(300);
    const later = fastText(inspectorOf(session));
    const E = rowsOf(session, 'ft.E', DIM);
    const vocab = inspectorOf(session).embeddings!;
    const words = vocab.words;
    // The vocabulary's vectors as the embedding view sends them (the mean of each word's rows); the unseen word's from its n-gram rows.
    const vectors = (i: number): number[] => vocab.vectors!.values.slice(i * DIM, (i + 1) * DIM) as number[];
    const kings = later.unseen[0];
    assert.deepEqual(kings.history.map((h) => h.step), [0, 299]);
    const now = kings.history[1].neighbours;
    assert.equal(now.length, 4);
    const rows = ngramRowsOf(session, 'kings');
    const v = Array.from({ length: DIM }, (_, j) => rows.reduce((a, r) => a + E(r)[j], 0) / rows.length);
    for (const nb of now) close(nb.cosine, cos(vectors(words.indexOf(nb.word)), v), `cos(kings, ${nb.word})`, 1e-5);
    const all = words.map((_, i) => cos(vectors(i), v)).sort((a, b) => b - a);
    close(now[3].cosine, all[3], 'the 4 nearest', 1e-5);
    session.goto(100);
    assert.deepEqual(fastText(inspectorOf(session)).unseen[0].history.map((h) => h.step), [0, 99], 'step 299 is in the future now');
  });

  it('is absent for word2vec', () => {
    assert.equal(inspectorOf(openSample('word2vec-skipgram')).fastText, null);
  });
});

/** The rows of an unseen word: its n-grams' buckets, V + FNV-1a(g) mod buckets, hashed here. */
function ngramRowsOf(session: ReturnType<typeof openSample>, word: string): number[] {
  const vocabSize = inspectorOf(session).embeddings!.words.length;
  const fnv = (s: string): number => {
    let h = 0x811c9dc5;
    for (const b of Buffer.from(s, 'utf8')) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    return h;
  };
  return ngrams(word).map((g) => vocabSize + (fnv(g) % 2000));
}
