import { registerAdapter } from '../adapter';

registerAdapter('matmul', {
  kind: 'grad',
  run: (tape, { a, b }) => ({ y: tape.apply('matmul', [a, b]) }),
});

registerAdapter('linear', {
  kind: 'grad',
  // y = x Wᵀ + b
  run: (tape, { x, W, b }) => ({ y: tape.apply('add', [tape.apply('matmul', [x, W], { transB: true }), b]) }),
});
