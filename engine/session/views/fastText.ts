import type { FastTextView, NeighboursAt } from '../../protocol/views';
import type { SubwordTable } from '../../text/fasttext';
import { cosine } from '../../text/similarity';
import { vocabularyOf, wordModelOf, wordVectorsOf } from '../extras';
import type { SessionState } from '../state';
import { WordExample } from './wordExample';

/** Nearest words listed, and the steps remembered per word. */
const NEIGHBOURS = 4;
const REMEMBERED = 200;
const SENT = 12;

/**
 * FastText: the example's centre word cut into its rows (its own, then one per character n-gram
 * with `<` `>`), and each row's share of the word vector once `v_c` has run: with v = (1/n) Σ_r E_r,
 * share_r = (E_r / n)·v / ‖v‖², so the shares sum to 1. And words outside the vocabulary (the
 * layer's `unseen:`, else the corpus's words left out of it: text/unseen.ts), each one's vector the
 * mean of its n-gram rows as trained, with its nearest vocabulary words by cosine, found at each
 * stop before the step's update and remembered by training steps completed, so that the view shows
 * how they changed over the steps seen so far, never past the cursor.
 */
export function fastTextView(s: SessionState): FastTextView | null {
  for (const layer of s.trainer.layers) {
    const m = layer.kind === 'fasttext' ? wordModelOf(s.trainer, layer.name) : null;
    const E = layer.params.find((p) => p.rank === 2 && p.shape[0] > (m?.counts.length ?? 0));
    if (m?.kind !== 'fasttext' || !E) continue;
    const words = vocabularyOf(s.trainer, layer.name) ?? [];
    const ex = WordExample.at(s, layer.name);
    const rows = ex?.ids('subword_rows') ?? [];
    const word = words[rows[0]] ?? '';
    const parts = partsOf(m.subwords, word, ex?.output('subword_rows')?.data ?? null, ex?.output('v_c')?.data ?? null);
    const completed = s.cursor.step - 1;
    const memory = memoryOf(s);
    const unseen = m.unseen.words.map((w) => {
      const past = memory.get(w) ?? new Map<number, NeighboursAt>();
      memory.set(w, past);
      if (s.location().phase !== 'update' && s.timeline.current === s.cursor.step) remember(past, completed, () => nearest(s, layer.name, m.subwords, E.data, w, words));
      return { word: w, history: [...past.values()].filter((h) => h.step <= completed).sort((a, b) => a.step - b.step).slice(-SENT) };
    });
    return { layer: layer.name, word, parts, unseen, unseenSource: m.unseen.source, namedKnown: m.unseen.known };
  }
  return null;
}

function partsOf(subwords: SubwordTable, word: string, rows: ArrayLike<number> | null, v: ArrayLike<number> | null): FastTextView['parts'] {
  const own = subwords.vocab.has(word) ? [{ gram: null, row: subwords.vocab.id(word) }] : [];
  const all = [...own, ...subwords.ngrams(word).map((gram) => ({ gram, row: subwords.ngramRow(gram) }))];
  const d = v?.length ?? 0;
  const vv = v ? Array.from(v).reduce((a, x) => a + x * x, 0) : 0;
  return all.map((p, k) => {
    if (!rows || !v || !(vv > 0)) return { ...p, share: null };
    let dot = 0;
    for (let j = 0; j < d; j++) dot += rows[k * d + j] * v[j];
    return { ...p, share: dot / all.length / vv };
  });
}

function nearest(s: SessionState, layer: string, subwords: SubwordTable, E: ArrayLike<number>, word: string, words: readonly string[]): NeighboursAt['neighbours'] {
  const vectors = wordVectorsOf(s.trainer, layer, words.length);
  if (!vectors) return [];
  const d = vectors.length / words.length;
  const rows = subwords.rowsOf(word);
  const v = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) v[j] += E[r * d + j] / rows.length;
  return words
    .map((w, i) => ({ word: w, cosine: cosine(vectors.subarray(i * d, (i + 1) * d), v) }))
    .sort((a, b) => b.cosine - a.cosine)
    .slice(0, NEIGHBOURS);
}

function remember(past: Map<number, NeighboursAt>, step: number, find: () => NeighboursAt['neighbours']): void {
  if (past.has(step)) return;
  past.set(step, { step, neighbours: find() });
  if (past.size > REMEMBERED) past.delete(past.keys().next().value as number);
}

const memories = new WeakMap<SessionState, Map<string, Map<number, NeighboursAt>>>();

function memoryOf(s: SessionState): Map<string, Map<number, NeighboursAt>> {
  let m = memories.get(s);
  if (!m) memories.set(s, (m = new Map()));
  return m;
}
