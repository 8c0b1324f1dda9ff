import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { Tape } from '../../../engine/autograd/tape';
import { Linear } from '../../../engine/layers/linear';
import { bindParams } from '../../../engine/layers/params';
import { Rng } from '../../../engine/random';
import { Tensor } from '../../../engine/tensor/tensor';
import { gradcheck, tensorArb, type TapeFn } from '../../support/gradcheck';
import { referenceCases } from '../../support/reference';
import { assertLayerError, checkGradCase, opsIn } from './layer_support';

const dim = fc.integer({ min: 1, max: 4 });

/** The layer as a function of (x, W[, b]), for finite differences. */
function linearFn(inputSize: number, outputSize: number, bias: boolean): TapeFn {
  return (tape, [x, W, b]) => {
    const layer = new Linear('fc1', { inputSize, outputSize }, { bias }, new Rng(1), 'float64');
    bindParams(layer, bias ? { W, b } : { W });
    return [layer.forward(tape, x)];
  };
}

describe('Linear layer', () => {
  describe('matches the linear reference cases (README §5.1: y = x Wᵀ + b)', () => {
    for (const c of referenceCases('linear')) {
      it(c.name, () =>
        checkGradCase(c, (tape, { x, W, b }) => {
          const layer = new Linear('fc', { inputSize: W.shape[1], outputSize: W.shape[0] }, {}, new Rng(1), 'float64');
          bindParams(layer, { W, b });
          return { y: layer.forward(tape, x) };
        }),
      );
    }
  });

  for (const [label, lead] of [['rows (N, in)', [3]], ['one vector (in)', []], ['a sequence batch (T, B, in)', [2, 3]]] as const) {
    it(`gradients match finite differences for ${label}, with and without bias`, () => {
      fc.assert(
        fc.property(
          fc.tuple(dim, dim, fc.boolean()).chain(([i, o, bias]) =>
            fc.tuple(fc.constant([i, o, bias] as const), tensorArb([...lead, i]), tensorArb([o, i]), tensorArb([o])),
          ),
          ([[i, o, bias], x, W, b]) => gradcheck(linearFn(i, o, bias), bias ? [x, W, b] : [x, W]),
        ),
        { numRuns: 8 },
      );
    });
  }

  it('names its ops fc1/xW and fc1/y, its parameters fc1.W (out, in) and fc1.b', () => {
    const layer = new Linear('fc1', { inputSize: 3, outputSize: 2 }, {}, new Rng(1), 'float64');
    const tape = new Tape();
    const y = layer.forward(tape, Tensor.zeros([5, 3]));
    assert.deepEqual(opsIn(tape, 'fc1'), ['xW', 'y']);
    assert.equal(y.name, 'fc1/y');
    assert.deepEqual(y.shape, [5, 2]);
    assert.deepEqual(layer.parameters().map((p) => `${p.name}${JSON.stringify(p.shape)}`), ['fc1.W[2,3]', 'fc1.b[2]']);
  });

  it('keeps the leading axes of a (T, B, in) input and a (in) vector', () => {
    const layer = new Linear('out', { inputSize: 3, outputSize: 2 }, { bias: false }, new Rng(1), 'float64');
    const tape = new Tape();
    assert.deepEqual(layer.forward(tape, Tensor.zeros([4, 2, 3])).shape, [4, 2, 2]);
    assert.deepEqual(layer.forward(tape, Tensor.zeros([3])).shape, [2]);
    assert.deepEqual(opsIn(tape, 'out').slice(0, 3), ['x_rows', 'xW', 'y']);
  });

  it('draws its weights from the seed (Xavier by default, He or U(±1/√in) on request), biases at 0', () => {
    const make = (seed: number, init?: 'he' | 'uniform') => new Linear('fc', { inputSize: 50, outputSize: 40 }, { init }, new Rng(seed), 'float64');
    assert.deepEqual(make(3).params.get('W')?.data, make(3).params.get('W')?.data);
    assert.notDeepEqual(make(3).params.get('W')?.data, make(4).params.get('W')?.data);
    const maxAbs = (l: Linear) => Math.max(...Array.from(l.params.get('W')!.data, Math.abs));
    assert.ok(maxAbs(make(3)) <= Math.sqrt(6 / 90));
    assert.ok(maxAbs(make(3, 'uniform')) <= 1 / Math.sqrt(50));
    assert.ok(maxAbs(make(3, 'he')) > Math.sqrt(6 / 90), 'He normal has unbounded tails');
    assert.ok(make(3).params.get('b')!.data.every((v) => v === 0));
  });

  it('says which layer got an input of the wrong size, with both shapes', () => {
    const layer = new Linear('fc1', { inputSize: 4, outputSize: 2 }, {}, new Rng(1), 'float64');
    assertLayerError(() => layer.forward(new Tape(), Tensor.zeros([3, 5])), 'E_SHAPE', 'fc1', /\[3,5\]/, /\[2,4\]/);
    assertLayerError(() => new Linear('fc1', { inputSize: 4, outputSize: 1.5 }, {}, new Rng(1)), 'E_ATTR', 'fc1', /outputSize/);
  });
});
