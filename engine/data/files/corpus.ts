import { count } from '../../model/budget';
import { tokenizeSentence } from '../corpus';
import { LEFT_OUT_KEPT, type LoadedData } from '../loaded';
import { DataFileError } from './problem';
import { utf8Text } from './utf8';

/**
 * A plain-text corpus (`text: corpus.txt`), UTF-8, one sentence per line. Tokens are words (runs of
 * letters, digits and apostrophes, lower-cased: data/corpus.ts) or characters (code points, the line
 * break among them). The vocabulary is every token seen at least `minCount` times, most frequent
 * first (ties in order of first appearance), at most `vocabulary` of them.
 *
 * Without `length` the corpus is the `text` field of the word-embedding models: its lines as token
 * lists, tokens outside the vocabulary left out (as word2vec does). With `length: T` it is a language
 * model's data: the token stream cut into N = ⌊(tokens − 1) / T⌋ pieces, x (N,T) the ids and y (N,T)
 * the id of the token after each; a token outside the vocabulary becomes `<unk>` (id 0, `\uFFFD` for characters).
 */
export interface CorpusOptions {
  readonly tokens: 'word' | 'char';
  readonly vocabulary?: number;
  readonly minCount: number;
  readonly length?: number;
  readonly lowercase: boolean;
  /** The data budget: x and y together hold 2·N·T numbers. */
  readonly maxValues: number;
}

export function readCorpus(bytes: Uint8Array, options: CorpusOptions): LoadedData {
  const raw = utf8Text(bytes, true).replace(/\r\n?/g, '\n');
  const text = options.lowercase ? raw.toLowerCase() : raw;
  const tokenize = options.tokens === 'word' ? tokenizeSentence : (line: string) => Array.from(line);
  const chars = options.tokens === 'char' && options.length !== undefined;
  if (chars) withinBudget(codePoints(text.replace(/\n+$/, '')), options.length!, options.maxValues);
  const sentences = chars ? [] : tokenizeLines(text, tokenize, options.maxValues);
  const stream = options.length === undefined ? null : chars ? Array.from(text.replace(/\n+$/, '')) : sentences.flat();
  const counts = tally(stream ? [stream] : sentences);
  if (counts.size === 0) throw new DataFileError(`the file holds no ${options.tokens === 'word' ? 'words' : 'characters'}`);
  const vocab = vocabularyOf(counts, options);
  const kept = `${count(vocab.length)} ${options.tokens === 'word' ? 'words' : 'characters'} of ${count(counts.size)} distinct`;
  return stream ? languageModel(stream, vocab, options.length!, options, kept) : textField(sentences, new Set(vocab), kept, leftOutOf(counts, new Set(vocab)));
}

/** The lines as tokens; more tokens in all than the data budget is an error at the line that goes over, before more is held. */
function tokenizeLines(text: string, tokenize: (line: string) => string[], maxValues: number): string[][] {
  const sentences: string[][] = [];
  let total = 0;
  for (let start = 0; start <= text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const tokens = tokenize(text.slice(start, end));
    start = end + 1;
    total += tokens.length;
    if (total > maxValues) throw new DataFileError(`the corpus holds more than ${count(maxValues)} tokens, the data budget`, { line: sentences.length + 1 }, true);
    sentences.push(tokens);
  }
  return sentences;
}

function codePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0xdc00 && text.charCodeAt(i) <= 0xdfff) n--;
  return n;
}

/** A language model's x and y hold 2·N·T numbers, N = ⌊(tokens − 1) / T⌋: checked before the stream is built. */
function withinBudget(tokens: number, t: number, maxValues: number): void {
  const n = Math.floor((tokens - 1) / t);
  if (n < 1) throw new DataFileError(`the file holds ${count(tokens)} tokens; \`length: ${t}\` needs at least ${count(t + 1)} (a sequence and the token after it)`);
  if (2 * n * t > maxValues) throw new DataFileError(`x and y would hold ${count(2 * n * t)} numbers (${count(n)} sequences of ${count(t)} tokens, twice); the data budget is ${count(maxValues)}`, {}, true);
}

/** How often each token occurs, in order of first appearance. */
function tally(sentences: readonly (readonly string[])[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sentences) for (const t of s) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

function vocabularyOf(counts: ReadonlyMap<string, number>, options: CorpusOptions): string[] {
  const seen = [...counts.entries()].filter(([, n]) => n >= options.minCount);
  // Array.prototype.sort is stable: equal counts keep their order of first appearance.
  const ordered = seen.sort((a, b) => b[1] - a[1]).map(([t]) => t);
  if (ordered.length === 0) throw new DataFileError(`no token occurs ${options.minCount} times (\`min_count: ${options.minCount}\`); the most frequent occurs ${Math.max(...counts.values())} times`);
  return options.vocabulary === undefined ? ordered : ordered.slice(0, options.vocabulary);
}

function textField(sentences: readonly (readonly string[])[], vocab: ReadonlySet<string>, kept: string, leftOut: readonly string[]): LoadedData {
  const known = sentences.map((s) => s.filter((t) => vocab.has(t))).filter((s) => s.length > 0);
  const notes = [`${count(known.length)} lines; text: ${kept}`];
  return { fields: { text: { kind: 'text', sentences: known, shape: [known.length], ...(leftOut.length > 0 ? { leftOut } : {}) } }, input: 'text', notes };
}

/** The words not kept, most frequent first (ties in order of first appearance), the first `LEFT_OUT_KEPT`. */
function leftOutOf(counts: ReadonlyMap<string, number>, vocab: ReadonlySet<string>): string[] {
  const out = [...counts.entries()].filter(([t]) => !vocab.has(t));
  return out.sort((a, b) => b[1] - a[1]).slice(0, LEFT_OUT_KEPT).map(([t]) => t);
}

function languageModel(stream: readonly string[], known: readonly string[], t: number, options: CorpusOptions, kept: string): LoadedData {
  withinBudget(stream.length, t, options.maxValues);
  const n = Math.floor((stream.length - 1) / t);
  const index = new Map(known.map((token, i) => [token, i]));
  const unknown = stream.some((token) => !index.has(token));
  const vocab = unknown ? [options.tokens === 'char' ? '\uFFFD' : '<unk>', ...known] : [...known];
  const id = (token: string) => (unknown ? (index.get(token) ?? -1) + 1 : index.get(token)!);
  const x = new Float64Array(n * t);
  const y = new Float64Array(n * t);
  for (let i = 0; i < n * t; i++) {
    x[i] = id(stream[i]);
    y[i] = id(stream[i + 1]);
  }
  const field = (values: Float64Array) => ({ kind: 'index' as const, values, shape: [n, t], classes: vocab.length, vocab });
  const notes = [`${count(stream.length)} ${options.tokens === 'word' ? 'words' : 'characters'}; vocabulary: ${kept}${unknown ? ', the rest as ' + vocab[0] : ''}`, `x (${count(n)}, ${t}) token ids, y (${count(n)}, ${t}) the token after each`];
  return { fields: { x: field(x), y: field(y) }, input: 'x', target: 'y', notes };
}
