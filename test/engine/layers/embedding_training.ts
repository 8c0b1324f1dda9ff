import { Rng } from '../../../engine/random';
import type { Layer } from '../../../engine/layers/layer';

/** Test helpers for the word-embedding layers: a two-topic toy corpus and a plain SGD step. */

const TOPICS = [
  ['cat', 'dog', 'pet', 'fur', 'paw'],
  ['car', 'truck', 'road', 'wheel', 'engine'],
];

/** Sentences alternating between the topics, each a shuffle of its topic's five words: words of a topic share contexts. */
export function twoTopicCorpus(sentences: number, seed = 1): string[][] {
  const rng = new Rng(seed);
  return Array.from({ length: sentences }, (_, s) => rng.shuffled(TOPICS[s % 2]));
}

/** p ← p − lr·∂L/∂p for every parameter, then clears the gradients. */
export function sgdStep(layer: Layer, lr: number): void {
  for (const p of layer.parameters()) {
    if (!p.grad) continue;
    for (let i = 0; i < p.size; i++) p.data[i] -= lr * p.grad.data[i];
    p.grad = null;
  }
}
