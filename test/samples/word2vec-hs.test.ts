import assert from 'node:assert/strict';
import { TINY_CORPUS } from '../../engine/data/corpus';
import { buildHuffman, type HuffmanTree } from '../../engine/text/huffman';
import { mean, paramNamed, sampleTrainer, trainAll } from './support';

/** The corpus' word counts, counted here (its sentences are lower-case words and spaces). */
function countWords(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of TINY_CORPUS.flatMap((s) => s.split(' '))) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

describe('sample word2vec-hs: hierarchical softmax over a Huffman tree built from the word counts', () => {
  const trainer = sampleTrainer('word2vec-hs');
  const words = trainer.vocabulary('w2v')!;
  const counted = countWords();
  const counts = words.map((w) => counted.get(w)!);
  const total = counts.reduce((a, b) => a + b, 0);
  const tree: HuffmanTree = buildHuffman(counts);
  const depth = (w: string) => tree.paths[words.indexOf(w)].codes.length;
  /** Every example's path as the steps used it: the rows of θ gathered and the signs (1 − 2·code). */
  const used: { points: number[]; signs: number[] }[] = [];
  let losses: number[] = [];

  before(() => {
    losses = trainAll(trainer, (run) => {
      for (const node of run.tape.nodes.filter((n) => /^w2v\/ex\d+\/Theta_path$/.test(n.name))) {
        const scope = node.name.slice(0, -'Theta_path'.length);
        const signed = run.tape.nodes.find((n) => n.name === `${scope}hs_loss/signed_scores`)!;
        used.push({ points: Array.from(node.inputs[1].data), signs: Array.from(signed.inputs[1].data) });
      }
    });
  });

  it('has one vector per inner node of the tree: Theta is (V − 1, dim) for the corpus\' V words', () => {
    assert.equal(words.length, counted.size);
    assert.deepEqual(paramNamed(trainer, 'w2v.Theta').shape, [words.length - 1, 10]);
  });

  it('every example walks the Huffman path of a word: the inner nodes of its code, signed by its bits', () => {
    assert.equal(used.length, 300 * 16);
    const key = (points: readonly number[], signs: readonly number[]) => `${points.join(',')}|${signs.join(',')}`;
    const paths = new Set(tree.paths.map((p) => key(p.points, p.codes.map((c) => 1 - 2 * c))));
    for (const u of used) assert.ok(paths.has(key(u.points, u.signs)), `path ${key(u.points, u.signs)}`);
  });

  it('frequent words get short codes: code length never grows with the count; "the" (48×) 3 bits, words seen once up to 8', () => {
    for (let a = 0; a < words.length; a++) {
      for (let b = 0; b < words.length; b++) if (counts[a] > counts[b]) assert.ok(depth(words[a]) <= depth(words[b]), `${words[a]} (${counts[a]}×) vs ${words[b]} (${counts[b]}×)`);
    }
    assert.equal(counted.get('the'), 48);
    assert.equal(depth('the'), Math.min(...tree.paths.map((p) => p.codes.length)));
    assert.equal(depth('the'), 3);
    assert.equal(Math.max(...tree.paths.map((p) => p.codes.length)), 8);
  });

  it('is an optimal prefix code: Kraft sum exactly 1 and mean code length within 1 bit of the entropy (5.29 vs 5.26 bits)', () => {
    assert.equal(tree.paths.reduce((s, p) => s + 2 ** -p.codes.length, 0), 1);
    const meanLength = tree.paths.reduce((s, p, i) => s + (p.codes.length * counts[i]) / total, 0);
    const entropy = -counts.reduce((s, c) => s + (c / total) * Math.log2(c / total), 0);
    assert.ok(entropy <= meanLength && meanLength < entropy + 1, `L = ${meanLength}, H = ${entropy}`);
    assert.ok(Math.abs(meanLength - 5.29) < 0.01 && Math.abs(entropy - 5.26) < 0.01);
  });

  it('the loss (binary decisions along the path) falls to less than half', () => {
    assert.ok(mean(losses.slice(-20)) < 0.5 * mean(losses.slice(0, 20)), `${mean(losses.slice(0, 20))} → ${mean(losses.slice(-20))}`);
  });
});
