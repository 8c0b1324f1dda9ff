import type { HuffmanExample, HuffmanView, TreeChild } from '../../protocol/views';
import type { HuffmanTree } from '../../text/huffman';
import { vocabularyOf, wordModelOf } from '../extras';
import type { SessionState } from '../state';
import { WordExample } from './wordExample';

/**
 * Hierarchical softmax of the model's word2vec layer: its Huffman tree and the path of the example
 * shown. Per inner node n of the path with branch bit d_n: θ_n·v once `hs_loss/scores` has run,
 * σ((1 − 2d_n) θ_n·v) once `hs_loss/log_sigma` has (exp of its output), and ∂L/∂(θ_n·v) once the
 * backward pass has been through `signed_scores`; p(w | context) = Π_n σ((1 − 2d_n) θ_n·v).
 */
export function huffmanView(s: SessionState): HuffmanView | null {
  for (const layer of s.trainer.layers) {
    const m = layer.kind === 'word2vec' ? wordModelOf(s.trainer, layer.name) : null;
    if (m?.kind !== 'word2vec' || !m.tree) continue;
    const words = vocabularyOf(s.trainer, layer.name) ?? m.counts.map((_, i) => String(i));
    return { layer: layer.name, words, counts: m.counts, inner: innerNodes(m.tree), example: exampleOf(s, layer.name, m.tree) };
  }
  return null;
}

/** Each inner node's two children, read off the words' paths (node n, bit d → the next node or the leaf). */
function innerNodes(tree: HuffmanTree): { zero: TreeChild; one: TreeChild }[] {
  const children: [TreeChild, TreeChild][] = Array.from({ length: tree.innerCount }, () => [{ word: -1 }, { word: -1 }]);
  tree.paths.forEach(({ points, codes }, word) => {
    points.forEach((node, k) => (children[node][codes[k]] = k + 1 < points.length ? { inner: points[k + 1] } : { word }));
  });
  return children.map(([zero, one]) => ({ zero, one }));
}

function exampleOf(s: SessionState, layer: string, tree: HuffmanTree): HuffmanExample | null {
  const ex = WordExample.at(s, layer);
  const points = ex?.ids('Theta_path');
  const context = ex?.ids('V_ctx') ?? ex?.ids('v_c');
  if (!ex || !points || !context) return null;
  const target = tree.paths.findIndex((p) => p.points.length === points.length && p.points.every((n, k) => n === points[k]));
  if (target < 0) return null;
  const codes = tree.paths[target].codes;
  const scores = ex.output('hs_loss/scores');
  const logSigma = ex.output('hs_loss/log_sigma');
  const grads = ex.inputGrad('hs_loss/signed_scores', 0);
  const path = points.map((node, k) => ({
    node,
    code: codes[k] as 0 | 1,
    score: scores ? scores.data[k] : null,
    sigma: logSigma ? Math.exp(logSigma.data[k]) : null,
    grad: grads ? grads.data[k] : null,
  }));
  const probability = logSigma ? Math.exp(Array.from(logSigma.data).reduce((a, b) => a + b, 0)) : null;
  return { scope: ex.scope, target, context, path, probability };
}
