/**
 * Small model files, one or more per layer kind, for the trainer's tests: each must check, build
 * and train. Kept tiny so a step takes milliseconds.
 */
export interface ModelCase {
  readonly name: string;
  readonly text: string;
}

const training = (optimizer = 'sgd', extra = '') => `training: { optimizer: ${optimizer}, lr: 0.05, steps: 5${extra} }`;

export const MODEL_CASES: readonly ModelCase[] = [
  {
    name: 'perceptron on AND, learning by its rule',
    text: ['seed: 1', 'data: { task: and }', 'model:', '  - perceptron: { name: p, init: uniform }', 'loss: perceptron', training()].join('\n'),
  },
  {
    name: 'mlp with softmax output, mse on one-hot blobs',
    text: ['seed: 2', 'data: { task: { blobs: { points: 12, classes: 3, labels: onehot } } }', 'model:', '  - mlp: { name: net, hidden: [5, 4], out: 3, activation: tanh, output_activation: softmax }', 'loss: mse', training('adam', ', batch_size: 6')].join('\n'),
  },
  {
    name: 'linear + every activation + layer_norm, cross_entropy on spirals',
    text: [
      'seed: 3',
      'data: { task: { spirals: { points: 10, classes: 2 } } }',
      'model:',
      '  - linear: { name: l1, out: 6, init: he }',
      '  - relu',
      '  - leaky_relu: { alpha: 0.1 }',
      '  - elu',
      '  - silu',
      '  - layer_norm: { name: ln }',
      '  - tanh',
      '  - sigmoid',
      '  - linear: { name: head, out: 2, bias: false, init: uniform }',
      'loss: cross_entropy',
      training('rmsprop', ', batch_size: 5, clip: { value: 0.5 }'),
    ].join('\n'),
  },
  {
    name: 'a residual add and a concat, bce_with_logits on XOR',
    text: [
      'seed: 4',
      'data: { task: xor }',
      'model:',
      '  - linear: { name: a, out: 3 }',
      '  - tanh: { name: act }',
      '  - linear: { name: b, out: 3 }',
      '  - add: { name: residual, inputs: [act, b] }',
      '  - concat: { name: both, inputs: [residual, x] }',
      '  - linear: { name: out, out: 1 }',
      'loss: bce_with_logits',
      training('adagrad', ', schedule: { step: { step_size: 2 } }'),
    ].join('\n'),
  },
  {
    name: 'rnn (relu) feeding a torch-form gru through its state, adding problem',
    text: [
      'seed: 5',
      'data: { task: { adding: { examples: 6, length: 4 } } }',
      'model:',
      '  - rnn: { name: enc, hidden: 4, nonlinearity: relu }',
      '  - gru: { name: dec, hidden: 4, form: torch, state: enc, return: last }',
      '  - linear: { name: out, out: 1 }',
      'loss: mse',
      training('adamw', ', batch_size: 3, clip: { norm: 1 }'),
    ].join('\n'),
  },
  {
    name: 'textbook gru on first_bit, with warm-up',
    text: [
      'seed: 6',
      'data: { task: { first_bit: { examples: 4, length: 3 } } }',
      'model:',
      '  - gru: { name: g, hidden: 3, return: last }',
      '  - linear: { name: out, out: 1 }',
      '  - sigmoid',
      'loss: bce',
      'training: { optimizer: { sgd: { momentum: 0.9 } }, lr: 0.1, steps: 5, schedule: { warmup: { warmup_steps: 2 } } }',
    ].join('\n'),
  },
  {
    name: 'seq2seq with one-hot tokens and no attention',
    text: ['seed: 7', 'data: { task: { copy: { examples: 4, length: 3, symbols: 3 } } }', 'model:', '  - seq2seq: { name: s2s, cell: rnn, hidden: 4 }', 'loss: cross_entropy', training('adam', ', batch_size: 2')].join('\n'),
  },
  {
    name: 'seq2seq with embeddings and additive attention, its weights read by nobody',
    text: ['seed: 8', 'data: { task: { reverse: { examples: 4, length: 3, symbols: 3 } } }', 'model:', '  - seq2seq: { name: s2s, cell: gru, hidden: 4, embed: 3, attention: additive }', 'loss: cross_entropy', training('adam', ', batch_size: 2')].join('\n'),
  },
  {
    name: 'embedding, lstm and general attention whose weights feed the next layer',
    text: [
      'seed: 9',
      'data: { task: { reverse: { examples: 4, length: 3, symbols: 3 } } }',
      'model:',
      '  - embedding: { name: emb, dim: 4 }',
      '  - lstm: { name: enc, hidden: 4 }',
      '  - attention: { name: att, score: general, causal: true }',
      '  - concat: { name: cw, inputs: [att, att.weights] }',
      '  - linear: { name: out, out: 4 }',
      'loss: cross_entropy',
      training('adam', ', batch_size: 2'),
    ].join('\n'),
  },
  {
    name: 'scaled-dot attention with separate keys and values',
    text: [
      'seed: 10',
      'data: { task: { reverse: { examples: 4, length: 3, symbols: 3 } } }',
      'model:',
      '  - embedding: { name: q, dim: 4 }',
      '  - embedding: { name: k, dim: 4, input: target_in }',
      '  - linear: { name: v, out: 5, input: k }',
      '  - attention: { name: att, score: scaled_dot, query: q, keys: k, values: v }',
      '  - linear: { name: out, out: 4 }',
      'loss: cross_entropy',
      training('sgd', ', batch_size: 2'),
    ].join('\n'),
  },
  {
    name: 'multi-head cross-attention and a pre-norm causal transformer block',
    text: [
      'seed: 11',
      'data: { task: { copy: { examples: 4, length: 3, symbols: 3 } } }',
      'model:',
      '  - embedding: { name: src, dim: 4 }',
      '  - embedding: { name: tgt, dim: 4, input: target_in }',
      '  - multi_head_attention: { name: mha, heads: 2, input: tgt, memory: src }',
      '  - transformer_block: { name: block, heads: 2, ff: 6, norm: pre, causal: true, activation: silu }',
      '  - linear: { name: out, out: 4 }',
      'loss: cross_entropy',
      training('adam', ', batch_size: 2'),
    ].join('\n'),
  },
  {
    name: 'word2vec cbow with hierarchical softmax, 3 examples a step',
    text: ['seed: 12', 'data: { task: corpus }', 'model:', '  - word2vec: { name: w2v, architecture: cbow, objective: hierarchical_softmax, dim: 4 }', training('sgd', ', batch_size: 3')].join('\n'),
  },
  {
    name: 'glove on a small text',
    text: ['seed: 13', 'data: { text: ["the cat sat on the mat", "the dog sat on the log"] }', 'model:', '  - glove: { name: gv, dim: 3, window: 2 }', 'loss: glove', training('adagrad')].join('\n'),
  },
  {
    name: 'fasttext with few buckets',
    text: ['seed: 14', 'data: { text: ["the cat sat on the mat", "the dog sat on the log"] }', 'model:', '  - fasttext: { name: ft, dim: 3, buckets: 20, negatives: 2 }', training('sgd', ', batch_size: 2')].join('\n'),
  },
];
