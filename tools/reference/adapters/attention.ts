import { additiveScores, attend, dotScores, generalScores, scaledDotScores } from '../../../engine/layers/attention';
import { multiHeadAttention } from '../../../engine/layers/multi_head_attention';
import { registerAdapter } from '../adapter';

/** Attention (README §5.9–5.11) through the same functions the attention layers run, scoped as `attn`. */

registerAdapter('attn_dot', {
  kind: 'grad',
  run: (tape, { S, Hs }) => ({ ...tape.withScope('attn', () => attend(tape, dotScores(tape, S, Hs), Hs, false)) }),
});

registerAdapter('attn_general', {
  kind: 'grad',
  run: (tape, { S, Hs, W_a }) => ({ ...tape.withScope('attn', () => attend(tape, generalScores(tape, S, Hs, W_a), Hs, false)) }),
});

registerAdapter('attn_additive', {
  kind: 'grad',
  run: (tape, { S, Hs, W_s, W_h, v }) => ({
    ...tape.withScope('attn', () => attend(tape, additiveScores(tape, S, Hs, W_s, W_h, v), Hs, false)),
  }),
});

registerAdapter('scaled_dot_attention', {
  kind: 'grad',
  run: (tape, { Q, K, V }, c) => {
    const r = tape.withScope('attn', () => attend(tape, scaledDotScores(tape, Q, K), V, c.attrs?.causal === true, 'out'));
    return { scores: r.scores, weights: r.weights, out: r.context };
  },
});

registerAdapter('multi_head_attention', {
  kind: 'grad',
  run: (tape, { X, Wq, Wk, Wv, Wo, bq, bk, bv, bo }, c) =>
    tape.withScope('mha', () => {
      const heads = Number(c.attrs?.heads);
      const r = multiHeadAttention(tape, X, X, { Wq, Wk, Wv, Wo, bq, bk, bv, bo }, heads, c.attrs?.causal === true);
      return { out: r.out, weights: r.weights };
    }),
});
