import { tokenizeSentence } from '../data/corpus';
import type { DataSet } from '../data/dataset';
import type { GenerateSpec, ModelSpec } from '../model/spec';
import { Rng } from '../random';
import { Tensor } from '../tensor/tensor';

/**
 * A language model writes a line of text (`training: generate:`): the prompt's tokens, then `length`
 * tokens, each chosen from the model's scores at the last position for the last T tokens (T: the
 * training sequence length) — the most likely one at temperature 0, else drawn from
 * softmax(scores / temperature) by a generator seeded by the seed and the step, so the same step
 * always writes the same line (replays and Step Back included).
 */
export type Predict = (fields: Readonly<Record<string, Tensor>>) => Tensor | null;

export function generateLine(predict: Predict, spec: ModelSpec, data: DataSet, step: number): string | null {
  const settings = spec.training.generate;
  const field = data.fields[data.input];
  if (!settings || field?.kind !== 'index' || !field.vocab) return null;
  const vocab = field.vocab;
  const chars = spec.data.source === 'textFile' && spec.data.settings.tokens === 'char';
  const lower = spec.data.source === 'textFile' && spec.data.settings.lowercase === true;
  const ids = promptIds(settings.prompt, vocab, chars, lower) ?? [field.tensor.data[0]];
  const window = field.tensor.shape[1];
  const rng = new Rng((Math.imul(spec.seed, 0x9e3779b1) + step) >>> 0);
  const start = ids.length;
  for (let i = 0; i < settings.length; i++) {
    const context = ids.slice(-window);
    const out = predict({ [data.input]: Tensor.of(context, [1, context.length], field.tensor.dtype, `data.${data.input}`) });
    if (!out || out.shape[out.shape.length - 1] !== vocab.length) return null;
    ids.push(choose(out.data.subarray(out.data.length - vocab.length), settings, rng));
  }
  const text = (from: number, to?: number) => ids.slice(from, to).map((id) => vocab[id]).join(chars ? '' : ' ');
  return oneLine(`${text(0, start)}${chars ? '' : ' '}${text(start)}`);
}

/** The prompt as ids of the vocabulary (tokens outside it left out); null when none is left. */
function promptIds(prompt: string, vocab: readonly string[], chars: boolean, lower: boolean): number[] | null {
  const index = new Map(vocab.map((t, i) => [t, i]));
  const tokens = chars ? Array.from(lower ? prompt.toLowerCase() : prompt) : tokenizeSentence(prompt);
  const ids = tokens.flatMap((t) => (index.has(t) ? [index.get(t)!] : []));
  return ids.length ? ids : null;
}

function choose(scores: ArrayLike<number>, settings: GenerateSpec, rng: Rng): number {
  let best = 0;
  for (let k = 1; k < scores.length; k++) if (scores[k] > scores[best]) best = k;
  if (settings.temperature === 0) return best;
  // p_k ∝ exp((s_k − s_max) / temperature)
  const weights = Array.from(scores, (s) => Math.exp((s - scores[best]) / settings.temperature));
  let u = rng.uniform() * weights.reduce((a, b) => a + b, 0);
  for (let k = 0; k < weights.length; k++) if ((u -= weights[k]) < 0) return k;
  return weights.length - 1;
}

/** A line break is shown as ⏎ so the text stays on one line. */
function oneLine(text: string): string {
  return text.replace(/\n/g, '⏎');
}
