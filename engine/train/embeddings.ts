import type { Tape } from '../autograd/tape';
import type { DataSet } from '../data/dataset';
import { fail } from '../errors';
import { FastText } from '../layers/fasttext';
import { Glove } from '../layers/glove';
import { param } from '../layers/params';
import { Word2Vec, type Word2VecExample } from '../layers/word2vec';
import type { InferredLayer } from '../model/infer';
import type { ModelSpec } from '../model/spec';
import type { Rng } from '../random';
import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import { SubwordTable } from '../text/fasttext';
import { cooccurrences, type Cooccurrences } from '../text/glove';
import { unseenWords } from '../text/unseen';
import { Vocabulary } from '../text/vocab';
import { cbowExamples, skipGramPairs } from '../text/windows';
import { BatchSampler, type RngState, type SamplerState } from './batches';
import { located } from './located';
import type { NodeRole, Objective, StepForward } from './objective';
import { Attrs } from './layers/slots';
import type { BuiltLayer } from './wire';
import type { WordModel } from './wordModel';

/**
 * Word2Vec, GloVe and fastText train on their own objective over a text corpus. A step draws
 * `batch_size` training examples (default one (centre, context) pair; GloVe: every nonzero
 * co-occurrence) and runs the model's loss on each: with one example its nodes read `w2v/u_o`,
 * `w2v/sgns_loss/…`; with more, example k is the scope `w2v/ex<k>` and `w2v/loss` is their mean
 * (GloVe scores all its pairs in one pass: its loss is a sum over them). Nodes inside the objective's
 * own scope (sgns_loss, cbow_ns_loss, hs_loss, glove_loss) are the loss phase, lookups the forward.
 */
const OBJECTIVE_SCOPES = new Set(['sgns_loss', 'cbow_ns_loss', 'hs_loss', 'glove_loss']);

/** The engine layers scope themselves; here the batch loop opens the layer's scope once. */
class BatchWord2Vec extends Word2Vec {
  protected override scoped<T>(_tape: Tape, fn: () => T): T {
    return fn();
  }
}
class BatchFastText extends FastText {
  protected override scoped<T>(_tape: Tape, fn: () => T): T {
    return fn();
  }
}

/** One model's examples and how to score a batch of them. */
interface Corpus {
  readonly layer: BuiltLayer;
  readonly examples: number;
  readonly defaultBatch: number;
  readonly words: readonly string[];
  /** The first `count` words' vectors, when they are not rows of the layer's matrix (fastText's are composed). */
  vectors?(count: number): Float64Array;
  readonly model: WordModel;
  /** The loss of the given examples inside the layer's scope (one example: no `ex<k>` scope). */
  loss(tape: Tape, indices: readonly number[], rng: Rng): Tensor;
}

export interface EmbeddingState {
  readonly sampler: SamplerState;
  readonly rng: RngState;
}

export class EmbeddingObjective implements Objective {
  readonly layers: readonly BuiltLayer[];

  constructor(
    private readonly corpus: Corpus,
    private readonly sampler: BatchSampler,
    private readonly rng: Rng,
  ) {
    this.layers = [corpus.layer];
  }

  run(tape: Tape): StepForward {
    const layer = this.corpus.layer;
    let loss: Tensor;
    try {
      loss = this.corpus.loss(tape, this.sampler.next(), this.rng);
    } catch (e) {
      throw located(e, layer.name, layer.range);
    }
    const mean = new Set([`${layer.name}/losses`, `${layer.name}/loss`]);
    const roles: NodeRole[] = tape.nodes.map((n) => ({ phase: n.scope.some((s) => OBJECTIVE_SCOPES.has(s)) || mean.has(n.name) ? 'loss' : 'forward', layer: 0 }));
    return { loss, roles, accuracy: null };
  }

  evaluate(): null {
    return null;
  }

  vocabulary(layer: string): readonly string[] | null {
    return layer === this.corpus.layer.name ? this.corpus.words : null;
  }

  wordVectors(layer: string, count: number): Float64Array | null {
    return layer === this.corpus.layer.name && this.corpus.vectors ? this.corpus.vectors(count) : null;
  }

  wordModel(layer: string): WordModel | null {
    return layer === this.corpus.layer.name ? this.corpus.model : null;
  }

  snapshot(): EmbeddingState {
    return { sampler: this.sampler.snapshot(), rng: this.rng.snapshot() };
  }

  restore(state: unknown): void {
    const s = state as EmbeddingState;
    this.sampler.restore(s.sampler);
    this.rng.restore(s.rng);
  }
}

export interface CorpusContext {
  readonly layer: InferredLayer;
  readonly spec: ModelSpec;
  readonly data: DataSet;
  readonly rng: Rng;
  readonly dtype: DType;
}

/** The corpus and model of an embedding layer (`word2vec`, `glove`, `fasttext`). */
export function buildCorpus(ctx: CorpusContext): Corpus {
  const range = ctx.spec.layers.find((l) => l.name === ctx.layer.name)?.range ?? ctx.spec.range;
  const field = ctx.data.fields[ctx.layer.inputs.text?.[0]?.source ?? ctx.data.input];
  if (field?.kind !== 'text') return fail('E_ARGUMENT', 'an embedding model trains on a text field', { layer: ctx.layer.name });
  const attrs = new Attrs(ctx.layer.attrs, ctx.layer.name);
  const minCount = ctx.layer.kind === 'word2vec' ? attrs.num('min_count') : 1;
  const vocab = Vocabulary.fromTokens(field.sentences.flat(), { minCount });
  const sentences = field.sentences.map((s) => vocab.encode(s));
  const base = { name: ctx.layer.name, kind: ctx.layer.kind, range };
  if (ctx.layer.kind === 'glove') return gloveCorpus(ctx, attrs, vocab, sentences, base);
  const window = attrs.num('window');
  if (ctx.layer.kind === 'fasttext') return fastTextCorpus(ctx, attrs, vocab, sentences, base, [...leftOutOf(field.sentences, vocab), ...(field.leftOut ?? [])]);
  return word2vecCorpus(ctx, attrs, vocab, sentences, window, base);
}

type Base = Pick<BuiltLayer, 'name' | 'kind' | 'range'>;

function builtLayer(base: Base, params: readonly Tensor[], vectors: () => Tensor): BuiltLayer {
  return { ...base, params, forward: () => ({ vectors: vectors() }) };
}

function word2vecCorpus(ctx: CorpusContext, attrs: Attrs, vocab: Vocabulary, sentences: number[][], window: number, base: Base): Corpus {
  const cbow = attrs.str('architecture') === 'cbow';
  const examples: Word2VecExample[] = sentences.flatMap((ids) =>
    cbow ? cbowExamples(ids, { window }).map((e) => ({ input: e.context, target: e.center })) : skipGramPairs(ids, { window }).map((p) => ({ input: [p.center], target: p.context })),
  );
  requireExamples(examples.length, base.name);
  const objective = attrs.str('objective') === 'hierarchical_softmax' ? 'hierarchical' : 'negative';
  const options = { architecture: cbow ? 'cbow' : 'skipgram', objective, counts: vocab.counts, negatives: attrs.num('negatives') } as const;
  const model = new BatchWord2Vec(base.name, { vocabSize: vocab.size, dim: attrs.num('dim') }, options, ctx.rng, ctx.dtype);
  return {
    layer: builtLayer(base, model.parameters(), () => model.embeddings),
    examples: examples.length,
    defaultBatch: 1,
    words: vocab.words,
    model: { kind: 'word2vec', counts: vocab.counts, tree: model.tree, negatives: model.options.negatives ?? 5 },
    loss: (tape, indices, rng) => meanOver(tape, base.name, indices, (i) => model.loss(tape, examples[i], rng)),
  };
}

/** The field's words this layer's vocabulary leaves out (below its `min_count`), most frequent first. */
function leftOutOf(sentences: readonly (readonly string[])[], vocab: Vocabulary): string[] {
  const counts = new Map<string, number>();
  for (const s of sentences) for (const t of s) if (!vocab.has(t)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([t]) => t);
}

function fastTextCorpus(ctx: CorpusContext, attrs: Attrs, vocab: Vocabulary, sentences: number[][], base: Base, leftOut: readonly string[]): Corpus {
  const pairs = sentences.flatMap((ids) => skipGramPairs(ids, { window: attrs.num('window') }));
  requireExamples(pairs.length, base.name);
  const subwords = new SubwordTable(vocab, { buckets: attrs.num('buckets'), minn: attrs.num('minn'), maxn: attrs.num('maxn') });
  const model = new BatchFastText(base.name, subwords, { dim: attrs.num('dim'), negatives: attrs.num('negatives') }, ctx.rng, ctx.dtype);
  return {
    layer: builtLayer(base, model.parameters(), () => param(model, 'E')),
    examples: pairs.length,
    defaultBatch: 1,
    words: vocab.words,
    model: { kind: 'fasttext', counts: vocab.counts, subwords, unseen: unseenWords(attrs.str('unseen'), vocab, leftOut) },
    vectors: (count) => subwords.vocabularyVectors(param(model, 'E').data, attrs.num('dim'), count),
    loss: (tape, indices, rng) => meanOver(tape, base.name, indices, (i) => model.loss(tape, vocab.word(pairs[i].center), pairs[i].context, rng)),
  };
}

function gloveCorpus(ctx: CorpusContext, attrs: Attrs, vocab: Vocabulary, sentences: number[][], base: Base): Corpus {
  const X: Cooccurrences = cooccurrences(sentences, attrs.num('window'));
  requireExamples(X.values.length, base.name);
  const model = new Glove(base.name, { vocabSize: vocab.size, dim: attrs.num('dim') }, { xMax: attrs.num('x_max'), alpha: attrs.num('alpha') }, ctx.rng, ctx.dtype);
  const pick = (indices: readonly number[]): Cooccurrences => ({ rows: indices.map((i) => X.rows[i]), cols: indices.map((i) => X.cols[i]), values: indices.map((i) => X.values[i]) });
  return {
    layer: builtLayer(base, model.parameters(), () => model.embeddings),
    examples: X.values.length,
    defaultBatch: X.values.length,
    words: vocab.words,
    model: { kind: 'glove', counts: vocab.counts, pairs: X, attrs: model.attrs },
    loss: (tape, indices) => model.loss(tape, pick([...indices].sort((a, b) => a - b))),
  };
}

/** One example's loss in the layer's scope, or each in `ex<k>` and their mean `<layer>/loss`. */
function meanOver(tape: Tape, name: string, indices: readonly number[], lossOf: (i: number) => Tensor): Tensor {
  return tape.withScope(name, () => {
    if (indices.length === 1) return lossOf(indices[0]);
    const losses = indices.map((i, k) => tape.withScope(`ex${k}`, () => lossOf(i)));
    return tape.apply('mean', [tape.apply('stack', losses, { axis: 0 }, 'losses')], {}, 'loss');
  });
}

function requireExamples(n: number, layer: string): void {
  if (n === 0) fail('E_ARGUMENT', 'the corpus gives no training examples (every sentence needs at least two known words)', { layer });
}
