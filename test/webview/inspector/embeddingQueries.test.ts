import { strict as assert } from 'node:assert';
import type { EmbeddingView } from '../../../engine/protocol';
import { analogy, measureOf, nearest } from '../../../webview/inspector/embeddingQueries';

/**
 * Word vectors in 3-D whose 2-D "projection" (the first two coordinates) disagrees with the full
 * vectors: queries must answer from the full vectors, by cosine.
 */
const WORDS: Record<string, [number, number, number]> = {
  king: [1, 1, 0.1],
  queen: [1, -1, 0.1],
  man: [0.1, 1, 0],
  woman: [0.1, -1, 0],
  // Close to king in the first two coordinates, far from it in the third.
  kingdom: [1, 1, -3],
  // Same direction as king, twice as long: cosine 1.
  monarch: [2, 2, 0.2],
};

function view(withVectors: boolean): EmbeddingView {
  const words = Object.keys(WORDS);
  return {
    words,
    points: words.map((w) => [WORDS[w][0], WORDS[w][1]] as [number, number]),
    explained: [0.5, 0.4],
    vectors: withVectors ? { dim: 3, values: words.flatMap((w) => WORDS[w]) } : null,
  };
}

const cosine = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * b[i], 0) / Math.hypot(...a) / Math.hypot(...b);

describe('Inspector embedding queries', () => {
  it('rank neighbours by cosine in all dimensions, not by distance in the projection', () => {
    const full = nearest(view(true), 'king', 6)!;
    assert.equal(full[0].word, 'monarch');
    assert.ok(Math.abs(full[0].score - 1) < 1e-12);
    for (const n of full) assert.ok(Math.abs(n.score - cosine(WORDS.king, WORDS[n.word])) < 1e-12, n.word);
    assert.ok(full.every((n, i) => i === 0 || n.score <= full[i - 1].score), 'most similar first');
    assert.ok(full.findIndex((n) => n.word === 'kingdom') > full.findIndex((n) => n.word === 'man'), 'kingdom is far in 3-D');
    // In the projection kingdom sits on king.
    assert.equal(nearest(view(false), 'king', 1)![0].word, 'kingdom');
  });

  it('answer a − b + c with the words nearest â − b̂ + ĉ, leaving a, b and c out', () => {
    const answer = analogy(view(true), 'king', 'man', 'woman', 3)!;
    assert.equal(answer[0].word, 'queen');
    assert.ok(answer.every((n) => !['king', 'man', 'woman'].includes(n.word)));
    assert.equal(analogy(view(true), 'king', 'nobody', 'woman'), null);
  });

  it('say what they measure', () => {
    assert.match(measureOf(view(true)), /nearest by cosine in the 3-dimensional vectors/);
    assert.match(measureOf(view(false)), /2-D projection/);
  });
});
