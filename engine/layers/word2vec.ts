import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import type { Rng } from '../random';
import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import { buildHuffman, type HuffmanTree } from '../text/huffman';
import { UnigramTable } from '../text/negative_sampling';
import { cbowNsLoss, hsLoss, sgnsLoss } from '../text/word2vec';
import { checkSizes } from './checks';
import { Layer, uniformInit } from './layer';
import { param } from './params';

export type Word2VecArchitecture = 'skipgram' | 'cbow';
/** `negative`: negative sampling with output vectors U; `hierarchical`: Huffman-tree softmax with Θ. */
export type Word2VecObjective = 'negative' | 'hierarchical';

export interface Word2VecSizes {
  vocabSize: number;
  dim: number;
}

export interface Word2VecOptions {
  architecture: Word2VecArchitecture;
  objective: Word2VecObjective;
  /** Corpus count of every word id: the noise distribution (count^0.75) or the Huffman tree. */
  counts: readonly number[];
  /** Noise words per example (negative sampling); default 5. */
  negatives?: number;
  /** Slots of the unigram table; default 100 000. */
  tableSize?: number;
}

/** One training example: skip-gram predicts a context word from `[center]`, CBOW the center from its context. */
export interface Word2VecExample {
  input: readonly number[];
  target: number;
}

/**
 * Word2Vec (Mikolov et al. 2013). Params: `<name>.V` (V, D) input vectors, the embeddings one keeps,
 * drawn U(±0.5/D) as word2vec does; and either `<name>.U` (V, D) output vectors or `<name>.Theta`
 * (V−1, D) Huffman inner-node vectors, both starting at 0 (word2vec's choice: V's randomness is
 * enough to break symmetry).
 */
export class Word2Vec extends Layer {
  readonly kind = 'word2vec';
  readonly sizes: Word2VecSizes;
  readonly options: Readonly<Word2VecOptions>;
  readonly noise: UnigramTable | null;
  readonly tree: HuffmanTree | null;
  private readonly dtype: DType;

  constructor(name: string, sizes: Word2VecSizes, options: Word2VecOptions, rng: Rng, dtype: DType = 'float64') {
    super(name);
    checkSizes(name, { ...sizes, negatives: options.negatives ?? 5 });
    if (options.counts.length !== sizes.vocabSize) fail('E_ATTR', `counts has ${options.counts.length} entries for a vocabulary of ${sizes.vocabSize}`, { layer: name });
    this.sizes = { ...sizes };
    this.options = { ...options };
    this.dtype = dtype;
    const { vocabSize: n, dim: d } = sizes;
    this.addParam('V', uniformInit(rng, [n, d], 0.5 / d, dtype));
    const hierarchical = options.objective === 'hierarchical';
    this.noise = hierarchical ? null : new UnigramTable(options.counts, options.tableSize);
    this.tree = hierarchical ? buildHuffman(options.counts) : null;
    if (hierarchical) this.addParam('Theta', Tensor.zeros([n - 1, d], dtype));
    else this.addParam('U', Tensor.zeros([n, d], dtype));
  }

  /** The learned embeddings: the input vectors V. */
  get embeddings(): Tensor {
    return param(this, 'V');
  }

  /** The example's loss as named ops; negatives (if any) are drawn from `rng`. */
  loss(tape: Tape, example: Word2VecExample, rng: Rng): Tensor {
    this.checkExample(example);
    return this.scoped(tape, () => (this.tree ? this.hierarchicalLoss(tape, example, this.tree) : this.negativeSamplingLoss(tape, example, rng)));
  }

  private negativeSamplingLoss(tape: Tape, { input, target }: Word2VecExample, rng: Rng): Tensor {
    const negatives = (this.noise as UnigramTable).sample(rng, this.options.negatives ?? 5, target);
    const uo = this.gather(tape, 'U', [target], 'u_o');
    const Uneg = this.gather(tape, 'U', negatives, 'U_neg');
    if (this.options.architecture === 'skipgram') return sgnsLoss(tape, this.gather(tape, 'V', input, 'v_c'), uo, Uneg);
    return cbowNsLoss(tape, this.gather(tape, 'V', input, 'V_ctx'), uo, Uneg);
  }

  /** The path's inner-node rows of Θ against v_c (skip-gram) or the context mean (CBOW). */
  private hierarchicalLoss(tape: Tape, { input, target }: Word2VecExample, tree: HuffmanTree): Tensor {
    const v =
      this.options.architecture === 'skipgram'
        ? this.gather(tape, 'V', input, 'v_c')
        : tape.apply('mean', [this.gather(tape, 'V', input, 'V_ctx')], { axes: [0] }, 'context_mean');
    const path = tree.paths[target];
    return hsLoss(tape, v, this.gather(tape, 'Theta', path.points, 'Theta_path'), path.codes);
  }

  private gather(tape: Tape, key: string, ids: readonly number[], name: string): Tensor {
    const indices = Tensor.of(ids, [ids.length], this.dtype, `${this.name}.${name}_ids`);
    return tape.apply('gather', [param(this, key), indices], { axis: 0 }, name);
  }

  private checkExample({ input, target }: Word2VecExample): void {
    const n = this.sizes.vocabSize;
    const bad = [...input, target].find((t) => !Number.isInteger(t) || t < 0 || t >= n);
    if (bad !== undefined) fail('E_INDEX', `word id ${bad} is not in [0, ${n})`, { layer: this.name });
    if (input.length === 0) fail('E_ARGUMENT', 'an example needs at least one input word', { layer: this.name });
    if (this.options.architecture === 'skipgram' && input.length !== 1) {
      fail('E_ARGUMENT', `skip-gram predicts from one center word, got ${input.length} input words`, { layer: this.name });
    }
  }
}
