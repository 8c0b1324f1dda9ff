import { fail } from '../errors';

/** Where a word sits in the Huffman tree, read from the root down. */
export interface HuffmanPath {
  /** Branch bits, root first: 0 = the lighter child of that inner node, 1 = the heavier one. */
  readonly codes: readonly number[];
  /** Inner-node ids along the way, root first; they index the rows of the inner-node vectors Θ. */
  readonly points: readonly number[];
}

export interface HuffmanTree {
  /** One path per word, by word id; its length is the word's code length (depth). */
  readonly paths: readonly HuffmanPath[];
  /** Number of inner nodes (V − 1); inner node ids run 0..V−2 in merge order, the root last. */
  readonly innerCount: number;
}

/**
 * The Huffman tree of hierarchical softmax: repeatedly merge the two lightest nodes into a parent
 * whose weight is their sum. Frequent words end near the root and get short codes. Built with
 * word2vec's two queues (leaves sorted by count, inner nodes in merge order, whose weights never
 * decrease), so no heap is needed; ties go to the leaf, then to the lower word id.
 */
export function buildHuffman(counts: readonly number[]): HuffmanTree {
  checkCounts(counts);
  const v = counts.length;
  // Nodes 0..V−1 are leaves (word ids), V.. are inner nodes in merge order.
  const weight = [...counts];
  const parent = new Array<number>(2 * v - 1).fill(-1);
  const bit = new Array<number>(2 * v - 1).fill(0);
  const leaves = counts.map((_, i) => i).sort((a, b) => counts[a] - counts[b] || a - b);
  let nextLeaf = 0;
  let nextInner = v;
  const takeLightest = (): number => {
    const innerReady = nextInner < weight.length;
    if (nextLeaf < v && (!innerReady || weight[leaves[nextLeaf]] <= weight[nextInner])) return leaves[nextLeaf++];
    return nextInner++;
  };
  for (let node = v; node < 2 * v - 1; node++) {
    const light = takeLightest();
    const heavy = takeLightest();
    weight.push(weight[light] + weight[heavy]);
    parent[light] = node;
    parent[heavy] = node;
    bit[heavy] = 1;
  }
  const paths = counts.map((_, word) => pathOf(word, parent, bit, v));
  return { paths, innerCount: v - 1 };
}

/** Code length of every word: the number of merges above its leaf. */
export function huffmanDepths(counts: readonly number[]): number[] {
  return buildHuffman(counts).paths.map((p) => p.codes.length);
}

function pathOf(word: number, parent: readonly number[], bit: readonly number[], v: number): HuffmanPath {
  const codes: number[] = [];
  const points: number[] = [];
  for (let node = word; parent[node] !== -1; node = parent[node]) {
    codes.push(bit[node]);
    points.push(parent[node] - v);
  }
  return { codes: codes.reverse(), points: points.reverse() };
}

function checkCounts(counts: readonly number[]): void {
  if (counts.length < 2) fail('E_ARGUMENT', `a Huffman tree needs at least 2 words, got ${counts.length}`, { op: 'huffman' });
  counts.forEach((c, i) => {
    if (!(c > 0) || !Number.isFinite(c)) fail('E_ARGUMENT', `count of word ${i} must be a positive number, got ${c}`, { op: 'huffman' });
  });
}
