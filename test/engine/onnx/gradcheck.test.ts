import assert from 'node:assert/strict';
import { Tape } from '../../../engine/autograd/tape';
import { runOnnx } from '../../../engine/onnx/import';
import { mulberry } from '../../support/gradcheck';
import { feedsOf, forwardBackward, load, weighted } from './support';

/** The gradients of an imported model against central finite differences of its own float64 forward pass. */

describe('an imported model against finite differences', () => {
  for (const name of ['classifier', 'encoder']) {
    it(`${name}: ∂L/∂θ ≈ (L(θ + h) − L(θ − h)) / 2h for sampled elements of every parameter`, () => {
      const { model, ref } = load(name);
      forwardBackward(model, ref);
      const loss = (): number => {
        return weighted(runOnnx(model, new Tape(), feedsOf(ref)).get(ref.output.name)!, ref);
      };
      const rand = mulberry(3);
      const h = 1e-6;
      for (const p of model.params) {
        const grad = p.grad!.data.slice();
        for (let k = 0; k < 4; k++) {
          const i = Math.floor(rand() * p.size);
          const v = p.data[i];
          p.data[i] = v + h;
          const plus = loss();
          p.data[i] = v - h;
          const minus = loss();
          p.data[i] = v;
          const numeric = (plus - minus) / (2 * h);
          assert.ok(Math.abs(numeric - grad[i]) <= 1e-6 + 1e-5 * Math.abs(numeric), `${p.name}[${i}]: analytic ${grad[i]} vs numeric ${numeric}`);
        }
      }
    });
  }
});
