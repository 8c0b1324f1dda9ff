import { strict as assert } from 'node:assert';
import type { FastTextView } from '../../../../engine/protocol/views';
import type { DataFiles } from '../../../../engine/model/files';
import { Session } from '../../../../engine/session/session';
import { stop } from '../session_support';
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

  it('follows unseen words (kings, queens, …): the words the layer’s `unseen:` names, their nearest words by cosine of the composed vectors, remembered per step and never past the cursor', () => {
    const session = openSample('fasttext');
    const first = fastText(inspectorOf(session));
    assert.deepEqual(first.unseen.map((u) => u.word), ['kings', 'queens', 'kitty', 'castl'], 'as the sample names them');
    assert.deepEqual([first.unseenSource, first.namedKnown], ['setting', []]);
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

  it('without `unseen:`, follows the corpus’s words left out of the vocabulary (min_count), most frequent first; their vectors from the trained n-gram rows', () => {
    const session = openModel(['text: corpus.txt', 'min_count: 2'], '');
    session.goto(3);
    const view = fastText(inspectorOf(session));
    // Left out: the words seen once, in order of first appearance (equal counts keep it).
    const counts = new Map<string, number>();
    for (const t of CORPUS.toLowerCase().match(/[a-z']+/g)!) counts.set(t, (counts.get(t) ?? 0) + 1);
    const leftOut = [...counts].filter(([, c]) => c < 2).map(([w]) => w);
    assert.deepEqual(view.unseen.map((u) => u.word), leftOut.slice(0, 4));
    assert.equal(view.unseenSource, 'corpus');
    const E = rowsOf(session, 'ft.E', 4);
    const vocab = inspectorOf(session).embeddings!;
    const vectors = (i: number): number[] => vocab.vectors!.values.slice(i * 4, (i + 1) * 4) as number[];
    const u = view.unseen[0];
    assert.deepEqual(u.history.map((h) => h.step), [2]);
    const rows = ngramRowsOf(session, u.word, 50);
    const v = Array.from({ length: 4 }, (_, j) => rows.reduce((a, r) => a + E(r)[j], 0) / rows.length);
    const all = vocab.words.map((w, i) => ({ w, c: cos(vectors(i), v) })).sort((a, b) => b.c - a.c);
    assert.deepEqual(u.history[0].neighbours.map((n) => n.word), all.slice(0, 4).map((n) => n.w));
    u.history[0].neighbours.forEach((n, k) => close(n.cosine, all[k].c, `cos(${u.word}, ${n.word})`, 1e-6));
  });

  it('says where the words come from: `unseen:` words in the vocabulary are named and not followed; none left out and none named: none followed', () => {
    const named = fastText(inspectorOf(openModel(['text: corpus.txt', 'min_count: 2'], 'king castle')));
    assert.deepEqual([named.unseen.map((u) => u.word), named.unseenSource, named.namedKnown], [['king', 'castle'], 'setting', []]);
    const known = fastText(inspectorOf(openModel(['text: corpus.txt'], 'the land')));
    assert.deepEqual([known.unseen, known.unseenSource, known.namedKnown], [[], null, ['the', 'land']]);
  });

  it('is absent for word2vec', () => {
    assert.equal(inspectorOf(openSample('word2vec-skipgram')).fastText, null);
  });
});

const CORPUS = 'The king rules the land\nthe queen rules the land\nthe kings rule the castle\n';

/** A fastText model on CORPUS (a text file, with the data settings `data`), `unseen:` set to `unseen`, stopped on entry. */
function openModel(data: readonly string[], unseen: string): Session {
  const text = ['name: t', 'data:', '  text: corpus.txt', ...data.filter((l) => !l.startsWith('text:')).map((l) => `  ${l}`), 'model:', `  - fasttext: { name: ft, dim: 4, window: 1, negatives: 2, buckets: 50, unseen: "${unseen}" }`, 'training: { steps: 5 }', ''].join('\n');
  const files: DataFiles = new Map([['corpus.txt', { ok: true as const, bytes: new TextEncoder().encode(CORPUS) }]]);
  const session = Session.create(text, 't.nn.yaml', { files });
  assert.deepEqual(session.diagnostics, []);
  stop(session.start());
  return session;
}

/** The rows of an unseen word: its n-grams' buckets, V + FNV-1a(g) mod buckets, hashed here. */
function ngramRowsOf(session: ReturnType<typeof openSample>, word: string, buckets = 2000): number[] {
  const vocabSize = inspectorOf(session).embeddings!.words.length;
  const fnv = (s: string): number => {
    let h = 0x811c9dc5;
    for (const b of Buffer.from(s, 'utf8')) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    return h;
  };
  return ngrams(word).map((g) => vocabSize + (fnv(g) % buckets));
}
