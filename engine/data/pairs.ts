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
  const split = splitAll(pairs);
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
  const split = rng.shuffled(splitAll(pairs));
  const info = pairFields(pairs);
  // Vocabularies follow first appearance in the pairs as written, not in the shuffled order.
  const written = splitAll(pairs);
  const sv = vocabOf(written.map((p) => p.source));
  const tv = vocabOf(written.map((p) => p.target));
  const ids = (vocab: string[], words: readonly string[], length: number, before: number[], after: number[]): number[] => {
    const row = [...before, ...words.map((w) => vocab.indexOf(w)), ...after];
    return [...row, ...Array<number>(length - row.length).fill(PAD)];
  };
  const [ts, tt] = [info.source.shape[1], info.target.shape[1]];
  const source = split.flatMap((p) => ids(sv, p.source, ts, [], []));
  const target = split.flatMap((p) => ids(tv, p.target, tt, [], [EOS]));
  const targetIn = split.flatMap((p) => ids(tv, p.target, tt, [BOS], []));
  const n = split.length;
  const field = (values: number[], length: number, vocab: string[], name: string) => ({
    kind: 'index' as const,
    tensor: Tensor.of(values, [n, length], dtype, `data.${name}`),
    classes: vocab.length,
    vocab,
  });
  return {
    fields: { source: field(source, ts, sv, 'source'), target: field(target, tt, tv, 'target'), target_in: field(targetIn, tt, tv, 'target_in') },
    input: 'source',
    target: 'target',
  };
}
