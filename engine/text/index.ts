/** Word embeddings: vocabulary, training examples, Huffman codes, noise sampling, losses, similarity. */
export * from './vocab';
export * from './windows';
export * from './huffman';
export * from './negative_sampling';
export * from './word2vec';
export * from './glove';
export * from './fasttext_ngrams';
export * from './fasttext';
export * from './similarity';
