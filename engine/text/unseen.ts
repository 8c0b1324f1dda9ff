import { tokenize, type Vocabulary } from './vocab';

/** How many unseen words the Inspector follows (each costs a cosine with every word per stop). */
export const UNSEEN_FOLLOWED = 4;

/**
 * The words outside the vocabulary that fastText's view follows. `setting` (the layer's `unseen:`,
 * words split as the corpus is) names them when it names any; else the corpus's words left out of
 * the vocabulary (below `min_count` or past the `vocabulary` cap), most frequent first.
 * `source` is null when there are none; `known` are the named words that are in the vocabulary.
 */
export interface UnseenWords {
  readonly words: readonly string[];
  readonly source: 'setting' | 'corpus' | null;
  readonly known: readonly string[];
}

export function unseenWords(setting: string, vocab: Vocabulary, leftOut: readonly string[]): UnseenWords {
  const named = [...new Set(tokenize(setting))];
  const known = named.filter((w) => vocab.has(w));
  const fromSetting = named.filter((w) => !vocab.has(w)).slice(0, UNSEEN_FOLLOWED);
  if (fromSetting.length > 0) return { words: fromSetting, source: 'setting', known };
  const fromCorpus = leftOut.filter((w) => !vocab.has(w)).slice(0, UNSEEN_FOLLOWED);
  return { words: fromCorpus, source: fromCorpus.length > 0 ? 'corpus' : null, known };
}
