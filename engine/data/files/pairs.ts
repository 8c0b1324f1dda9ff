import { count } from '../../model/budget';
import { tokenizeSentence } from '../corpus';
import type { LoadedData } from '../loaded';
import { pairIds, type Pair } from '../pairs';
import { DataFileError } from './problem';
import { utf8Text } from './utf8';

/**
 * Sentence pairs for Seq2Seq (`pairs: pairs.tsv`), UTF-8, one pair a line: the source sentence, a tab,
 * the target sentence. Further columns are left out (exports of Tatoeba and Anki add an attribution);
 * blank lines are skipped. The fields are those of the built-in pairs (data/pairs.ts): source (N,Ts),
 * target (N,Tt), target_in (N,Tt), in the order of the file (batches are shuffled by training).
 */
export function readPairs(bytes: Uint8Array, maxValues: number): LoadedData {
  const lines = utf8Text(bytes, true).split(/\r?\n/);
  const pairs: Pair[] = [];
  lines.forEach((line, i) => {
    if (line.trim() !== '') pairs.push(pairOf(line, i + 1));
  });
  if (pairs.length === 0) throw new DataFileError('the file holds no pairs: each line is a source sentence, a tab, and its target sentence');
  const ts = Math.max(...pairs.map((p) => p.source.length));
  const tt = Math.max(...pairs.map((p) => p.target.length)) + 1;
  const values = pairs.length * (ts + 2 * tt);
  if (values > maxValues) throw new DataFileError(`source, target and target_in would hold ${count(values)} numbers (${count(pairs.length)} pairs, up to ${ts} and ${tt - 1} words); the data budget is ${count(maxValues)}`, {}, true);
  const ids = pairIds(pairs);
  const n = pairs.length;
  const field = (list: number[], length: number, vocab: readonly string[]) => ({ kind: 'index' as const, values: Float64Array.from(list), shape: [n, length], classes: vocab.length, vocab });
  return {
    fields: { source: field(ids.source, ts, ids.sourceVocab), target: field(ids.target, tt, ids.targetVocab), target_in: field(ids.targetIn, tt, ids.targetVocab) },
    input: 'source',
    target: 'target',
    notes: [`${count(n)} pairs; source (${count(n)}, ${ts}) of ${count(ids.sourceVocab.length)} words, target (${count(n)}, ${tt}) of ${count(ids.targetVocab.length)} (with <pad>, <bos>, <eos>)`],
  };
}

/** `source<TAB>target`: a line without a tab, or a side without words, is an error at its line and column. */
function pairOf(line: string, number: number): Pair {
  const tab = line.indexOf('\t');
  const at = (index: number) => ({ line: number, column: { index: Array.from(line.slice(0, index)).length + 1 } });
  if (tab < 0) throw new DataFileError('the line has no tab: a pair is the source sentence, a tab, and the target sentence', at(line.length));
  const end = line.indexOf('\t', tab + 1);
  const source = tokenizeSentence(line.slice(0, tab));
  const target = tokenizeSentence(line.slice(tab + 1, end < 0 ? undefined : end));
  if (source.length === 0) throw new DataFileError('the source sentence (before the tab) has no words', at(0));
  if (target.length === 0) throw new DataFileError('the target sentence (after the tab) has no words', at(tab + 1));
  return { source, target };
}
