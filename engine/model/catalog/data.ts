import { TINY_CORPUS, textData, textFields } from '../../data/corpus';
import type { DataSet, FieldInfo } from '../../data/dataset';
import { LABEL_FORMS, type LabelForm } from '../../data/labels';
import { andData, logicFields, xorData } from '../../data/logic';
import { pairData, pairFields, TINY_PAIRS } from '../../data/pairs';
import { blobs, pointFields, spirals } from '../../data/points';
import { neighbours, neighboursFields } from '../../data/neighbours';
import { adding, copyTask, firstBit, memoryTaskFields, reverseTask, tokenTaskFields } from '../../data/sequences';
import type { Rng } from '../../random';
import type { DType } from '../../tensor/dtype';
import { int, num, oneOf, size, type AttrTable, type AttrValue } from '../attrs';

/**
 * The built-in toy tasks a model file names under `data: task:`. Each declares its settings, the
 * fields it will produce (shapes known before generating, so the model can be checked first) and
 * its generator, deterministic for a seed.
 */
export interface TaskDef {
  readonly task: string;
  readonly doc: string;
  readonly attrs: AttrTable;
  readonly input: string;
  readonly target?: string;
  fields(settings: Readonly<Record<string, AttrValue>>): Record<string, FieldInfo>;
  generate(settings: Readonly<Record<string, AttrValue>>, rng: Rng, dtype: DType): DataSet;
}

type Settings = Readonly<Record<string, AttrValue>>;
const n = (s: Settings, k: string) => s[k] as number;

const labels = oneOf('how classes are written: index (N) for cross_entropy, column (N,1) for bce (2 classes), onehot (N,C)', LABEL_FORMS, 'index');
const classes = int('how many classes', { min: 2, max: 10, default: 2 });
const points = size('how many points in all', { min: 2, default: 100 });
const examples = size('how many sequences', { min: 1, default: 64 });

function pointOptions(s: Settings) {
  return { points: n(s, 'points'), classes: n(s, 'classes'), labels: s.labels as LabelForm };
}

const tokenTask = (task: string, doc: string, gen: typeof copyTask): TaskDef => ({
  task,
  doc,
  attrs: { examples, length: size('tokens per sequence', { min: 1, default: 5 }), symbols: int('distinct symbols a, b, c, …', { min: 1, max: 50, default: 4 }) },
  input: 'source',
  target: 'target',
  fields: (s) => tokenTaskFields({ examples: n(s, 'examples'), length: n(s, 'length'), symbols: n(s, 'symbols') }),
  generate: (s, rng, dtype) => gen({ examples: n(s, 'examples'), length: n(s, 'length'), symbols: n(s, 'symbols') }, rng, dtype),
});

const memoryTask = (task: string, doc: string, channels: number, gen: typeof firstBit, minLength: number): TaskDef => ({
  task,
  doc,
  attrs: { examples, length: size('time steps per sequence', { min: minLength, default: 10 }) },
  input: 'x',
  target: 'y',
  fields: (s) => memoryTaskFields({ examples: n(s, 'examples'), length: n(s, 'length') }, channels),
  generate: (s, rng, dtype) => gen({ examples: n(s, 'examples'), length: n(s, 'length') }, rng, dtype),
});

export const TASKS: readonly TaskDef[] = [
  {
    task: 'xor',
    doc: 'XOR truth table: x (4,2), y (4,1). Not linearly separable — a perceptron fails, an MLP with one hidden layer succeeds.',
    attrs: {},
    input: 'x',
    target: 'y',
    fields: logicFields,
    generate: (_s, _rng, dtype) => xorData(dtype),
  },
  {
    task: 'and',
    doc: 'AND truth table: x (4,2), y (4,1). Linearly separable — a single perceptron learns it.',
    attrs: {},
    input: 'x',
    target: 'y',
    fields: logicFields,
    generate: (_s, _rng, dtype) => andData(dtype),
  },
  {
    task: 'blobs',
    doc: 'Gaussian blobs in the plane: x (N,2) points, y their classes.',
    attrs: { points, classes, spread: num('standard deviation of each blob', { min: 0, default: 0.5 }), labels },
    input: 'x',
    target: 'y',
    fields: (s) => pointFields(pointOptions(s)),
    generate: (s, rng, dtype) => blobs({ ...pointOptions(s), spread: n(s, 'spread') }, rng, dtype),
  },
  {
    task: 'spirals',
    doc: 'Interleaved spiral arms, one per class: x (N,2), y the classes. Needs a non-linear decision boundary.',
    attrs: { points, classes, turns: num('how often each arm winds round', { min: 0, minExclusive: true, default: 1 }), noise: num('Gaussian noise added to each point', { min: 0, default: 0.1 }), labels },
    input: 'x',
    target: 'y',
    fields: (s) => pointFields(pointOptions(s)),
    generate: (s, rng, dtype) => spirals({ ...pointOptions(s), turns: n(s, 'turns'), noise: n(s, 'noise') }, rng, dtype),
  },
  tokenTask('copy', 'Copy a random token sequence: source (N,T), target (N,T) the same tokens, target_in (N,T) <bos> + target shifted right.', copyTask),
  tokenTask('reverse', 'Reverse a random token sequence: source (N,T), target (N,T) reversed, target_in (N,T) <bos> + target shifted right. The first answer token is the last source token — easy with attention.', reverseTask),
  {
    task: 'neighbours',
    doc: 'Name both neighbours of every token: source (N,T) ids, target (N,T) the pair (token before, token after) as one class of symbols², the sequence wrapping round. Two look-ups per position — one for each of two attention heads.',
    attrs: { examples, length: size('tokens per sequence', { min: 3, default: 6 }), symbols: int('distinct symbols a, b, c, …', { min: 2, max: 10, default: 4 }) },
    input: 'source',
    target: 'target',
    fields: (s) => neighboursFields({ examples: n(s, 'examples'), length: n(s, 'length'), symbols: n(s, 'symbols') }),
    generate: (s, rng, dtype) => neighbours({ examples: n(s, 'examples'), length: n(s, 'length'), symbols: n(s, 'symbols') }, rng, dtype),
  },
  memoryTask('first_bit', 'Remember the first of T random bits: x (N,T,1), y (N,1). The gradient must travel back T steps.', 1, firstBit, 1),
  memoryTask('adding', 'The adding problem: x (N,T,2) values and two markers, y (N,1) the sum of the two marked values.', 2, adding, 2),
  {
    task: 'corpus',
    doc: 'A tiny built-in corpus (38 sentences about royalty, animals and numbers) for word embeddings: field text.',
    attrs: {},
    input: 'text',
    fields: () => textFields(TINY_CORPUS),
    generate: () => textData(TINY_CORPUS),
  },
  {
    task: 'translation',
    doc: 'A tiny English → German set of 54 pairs ("i see the dog -> ich sehe den hund") for Seq2Seq: source (N,Ts), target (N,Tt), target_in (N,Tt).',
    attrs: {},
    input: 'source',
    target: 'target',
    fields: () => pairFields(TINY_PAIRS),
    generate: (_s, rng, dtype) => pairData(TINY_PAIRS, rng, dtype),
  },
];

const byTask = new Map(TASKS.map((t) => [t.task, t]));

export function taskDef(task: string): TaskDef | undefined {
  return byTask.get(task);
}
