import type { ModelTrainer } from '../../engine/train';
import { cosine } from '../../engine/text/similarity';
import { paramNamed } from './support';

/** The three families of the built-in corpus whose words share their contexts. */
export const GROUPS = [
  ['king', 'queen', 'prince', 'princess'],
  ['cat', 'dog', 'kitten', 'puppy'],
  ['one', 'two', 'three', 'four', 'five'],
];

export interface Clustering {
  /** Mean cosine similarity of two words of one group, and of two words of different groups. */
  readonly within: number;
  readonly across: number;
  /** Words whose nearest neighbour among all the group words is in their own group. */
  readonly nearestInGroup: number;
  readonly words: number;
}

/** How well a word → vector map separates the corpus' groups. */
export function clustering(vector: (word: string) => ArrayLike<number>): Clustering {
  const pairs = (same: boolean) =>
    GROUPS.flatMap((g, i) => GROUPS.flatMap((h, j) => (same ? i === j : i < j) ? g.flatMap((a) => h.filter((b) => (same ? a < b : true)).map((b) => cosine(vector(a), vector(b)))) : []));
  const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const all = GROUPS.flat();
  const nearest = (a: string) => all.filter((b) => b !== a).reduce((best, b) => (cosine(vector(a), vector(b)) > cosine(vector(a), vector(best)) ? b : best), all.find((b) => b !== a)!);
  const nearestInGroup = GROUPS.reduce((n, g) => n + g.filter((a) => g.includes(nearest(a))).length, 0);
  return { within: avg(pairs(true)), across: avg(pairs(false)), nearestInGroup, words: all.length };
}

/** A word's row of an embedding model's input vectors `<layer>.<key>`. */
export function wordVectors(trainer: ModelTrainer, layer: string, key: string): (word: string) => Float64Array | Float32Array {
  const words = trainer.vocabulary(layer)!;
  const M = paramNamed(trainer, `${layer}.${key}`);
  const d = M.shape[1];
  return (w) => {
    const i = words.indexOf(w);
    if (i < 0) throw new Error(`"${w}" is not in the vocabulary`);
    return M.data.subarray(i * d, (i + 1) * d);
  };
}
