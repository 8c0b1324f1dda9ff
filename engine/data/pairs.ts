import { fail } from '../errors';
import type { Rng } from '../random';
import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import type { DataSet, FieldInfo } from './dataset';
import { tokenizeSentence } from './corpus';

/**
 * Source → target token pairs for a Seq2Seq model. The built-in set is a tiny English → German
 * translation where word order matches but the words agree: the verb's ending follows the subject
 * (ich sehe / du siehst / wir sehen) and the article follows the noun that comes after it
 * (den hund, die katze, das haus) — the decoder must look ahead in the source, which is what
 * attention makes easy.
 */
const SUBJECTS = [
  ['i', 'ich', 0],
  ['you', 'du', 1],
  ['we', 'wir', 2],
] as const;
const VERBS = [
  ['see', ['sehe', 'siehst', 'sehen']],
  ['have', ['habe', 'hast', 'haben']],
  ['buy', ['kaufe', 'kaufst', 'kaufen']],
] as const;
const OBJECTS = [
  ['dog', 'den hund'],
  ['cat', 'die katze'],
  ['house', 'das haus'],
  ['ball', 'den ball'],
  ['flower', 'die blume'],
  ['book', 'das buch'],
] as const;

export const TINY_PAIRS: readonly string[] = SUBJECTS.flatMap(([s, ds, person]) =>
  VERBS.flatMap(([v, forms]) => OBJECTS.map(([o, dobj]) => `${s} ${v} the ${o} -> ${ds} ${forms[person]} ${dobj}`)),
);

/** Special ids, the same in both vocabularies. */
export const SPECIALS = ['<pad>', '<bos>', '<eos>'] as const;
export const PAD = 0;
export const BOS = 1;
export const EOS = 2;

export interface Pair {
  readonly source: readonly string[];
  readonly target: readonly string[];
}

/** `"i see the dog -> ich sehe den hund"` → token lists; null when there is not exactly one `->`. */
export function splitPair(text: string): Pair | null {
  const parts = text.split('->');
  if (parts.length !== 2) return null;
  const source = tokenizeSentence(parts[0]);
  const target = tokenizeSentence(parts[1]);
  return source.length && target.length ? { source, target } : null;
}

/** Vocabulary in order of first appearance, after the specials. */
function vocabOf(sentences: readonly (readonly string[])[]): string[] {
  return [...new Set([...SPECIALS, ...sentences.flat()])];
}

function splitAll(pairs: readonly string[]): Pair[] {
  return pairs.map((p) => splitPair(p) ?? fail('E_ARGUMENT', `"${p}" is not a pair "source words -> target words"`));
}

/**
 * Fields: `source` (N,Ts) padded with <pad>; `target` (N,Tt) the target words then <eos>; `target_in`
 * (N,Tt) <bos> then the target words (teacher forcing). Tt = longest target + 1.
 */
export function pairFields(pairs: readonly string[]): Record<string, FieldInfo> {
  return pairFieldsOf(splitAll(pairs));
}

export function pairFieldsOf(split: readonly Pair[]): Record<string, FieldInfo> {
  const n = split.length;
  const ts = Math.max(0, ...split.map((p) => p.source.length));
  const tt = Math.max(0, ...split.map((p) => p.target.length)) + 1;
  const src = vocabOf(split.map((p) => p.source)).length;
  const tgt = vocabOf(split.map((p) => p.target)).length;
  return {
    source: { kind: 'index', shape: [n, ts], classes: src },
    target: { kind: 'index', shape: [n, tt], classes: tgt },
    target_in: { kind: 'index', shape: [n, tt], classes: tgt },
  };
}

/** The pairs, in an order shuffled by `rng` (so a batch mixes subjects and verbs). */
export function pairData(pairs: readonly string[], rng: Rng, dtype: DType = 'float64'): DataSet {
  const written = splitAll(pairs);
  const ids = pairIds(written, rng.shuffled(written));
  const n = written.length;
  const field = (values: readonly number[], length: number, vocab: readonly string[], name: string) => ({
    kind: 'index' as const,
    tensor: Tensor.of(values, [n, length], dtype, `data.${name}`),
    classes: vocab.length,
    vocab,
  });
  return {
    fields: {
      source: field(ids.source, ids.ts, ids.sourceVocab, 'source'),
      target: field(ids.target, ids.tt, ids.targetVocab, 'target'),
      target_in: field(ids.targetIn, ids.tt, ids.targetVocab, 'target_in'),
    },
    input: 'source',
    target: 'target',
  };
}

export interface PairIds {
  readonly source: number[];
  readonly target: number[];
  readonly targetIn: number[];
  /** Source length Ts = the longest source; Tt = the longest target + 1. */
  readonly ts: number;
  readonly tt: number;
  readonly sourceVocab: readonly string[];
  readonly targetVocab: readonly string[];
}

/**
 * The pairs `rows` as ids, row-major: source padded with <pad>, target then <eos>, <bos> then target.
 * The vocabularies follow first appearance in the pairs as `written`, whatever the order of the rows.
 */
export function pairIds(written: readonly Pair[], rows: readonly Pair[] = written): PairIds {
  const sourceVocab = vocabOf(written.map((p) => p.source));
  const targetVocab = vocabOf(written.map((p) => p.target));
  const ts = Math.max(0, ...written.map((p) => p.source.length));
  const tt = Math.max(0, ...written.map((p) => p.target.length)) + 1;
  const sourceIndex = new Map(sourceVocab.map((w, i) => [w, i]));
  const targetIndex = new Map(targetVocab.map((w, i) => [w, i]));
  const ids = (index: Map<string, number>, words: readonly string[], length: number, before: number[], after: number[]): number[] => {
    const row = [...before, ...words.map((w) => index.get(w)!), ...after];
    return [...row, ...Array<number>(length - row.length).fill(PAD)];
  };
  return {
    source: rows.flatMap((p) => ids(sourceIndex, p.source, ts, [], [])),
    target: rows.flatMap((p) => ids(targetIndex, p.target, tt, [], [EOS])),
    targetIn: rows.flatMap((p) => ids(targetIndex, p.target, tt, [BOS], [])),
    ts,
    tt,
    sourceVocab,
    targetVocab,
  };
}
