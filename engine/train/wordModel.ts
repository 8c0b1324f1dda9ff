import type { SubwordTable } from '../text/fasttext';
import type { Cooccurrences, GloveAttrs } from '../text/glove';
import type { HuffmanTree } from '../text/huffman';
import type { UnseenWords } from '../text/unseen';

/**
 * What an embedding model is built from beyond its parameters, for the Inspector's pictures of its
 * objective: word2vec's corpus counts (the unigram and noise distributions) and Huffman tree,
 * GloVe's co-occurrence counts and weighting, fastText's subword table and the unseen words it follows. Read-only: the trainer's own.
 */
export type WordModel =
  | { readonly kind: 'word2vec'; readonly counts: readonly number[]; readonly tree: HuffmanTree | null; readonly negatives: number }
  | { readonly kind: 'glove'; readonly counts: readonly number[]; readonly pairs: Readonly<Cooccurrences>; readonly attrs: Readonly<GloveAttrs> }
  | { readonly kind: 'fasttext'; readonly counts: readonly number[]; readonly subwords: SubwordTable; readonly unseen: UnseenWords };
