import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { Tape } from '../../../engine/autograd/tape';
import { Embedding } from '../../../engine/layers/embedding';
import { bindParams } from '../../../engine/layers/params';
import { Rng } from '../../../engine/random';
import { Tensor } from '../../../engine/tensor/tensor';
import { gradcheck, tensorArb } from '../../support/gradcheck';
import { referenceCases } from '../../support/reference';
import { assertLayerError, checkGradCase } from './layer_support';

describe('Embedding layer', () => {
  describe('matches the embedding reference cases (README §5.5: repeated ids add up)', () => {
    for (const c of referenceCases('embedding')) {
      it(c.name, () =>
        checkGradCase(c, (tape, { table }) => {
          const layer = new Embedding('embed', { vocabSize: table.shape[0], dim: table.shape[1] }, {}, new Rng(1), 'float64');
          bindParams(layer, { E: table });
          return { y: layer.forward(tape, c.int_inputs?.indices as number[]) };
        }),
      );
    }
  });

  it('gradients match finite differences for random tables and ids', () => {
    const sizes = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 6 }));
    fc.assert(
      fc.property(
        sizes.chain(([V, D, T]) => fc.tuple(tensorArb([V, D]), fc.array(fc.integer({ min: 0, max: V - 1 }), { minLength: T, maxLength: T }))),
        ([table, ids]) =>
          gradcheck((tape, [E]) => {
            const layer = new Embedding('embed', { vocabSize: E.shape[0], dim: E.shape[1] }, {}, new Rng(1), 'float64');
            bindParams(layer, { E });
            return [layer.forward(tape, ids)];
          }, [table]),
      ),
      { numRuns: 10 },
    );
  });

  it('looks up a (B, T) grid of ids as (B, T, D) rows of E, in one gather op `embed/y`', () => {
    const layer = new Embedding('embed', { vocabSize: 4, dim: 3 }, {}, new Rng(2), 'float64');
    const tape = new Tape();
    const y = layer.forward(tape, Tensor.fromNested([[3, 0], [1, 3]]));
    assert.deepEqual(y.shape, [2, 2, 3]);
    assert.deepEqual(tape.nodes.map((n) => `${n.name}:${n.op}`), ['embed/y:gather']);
    const E = layer.params.get('E')!;
    assert.equal(E.name, 'embed.E');
    assert.deepEqual(Array.from(y.data.subarray(9, 12)), Array.from(E.data.subarray(9, 12)), 'y[1][1] = E[3]');
  });

  it('says which layer got a token id outside the vocabulary, and where', () => {
    const layer = new Embedding('embed', { vocabSize: 4, dim: 3 }, {}, new Rng(2), 'float64');
    assertLayerError(() => layer.forward(new Tape(), [0, 4]), 'E_INDEX', 'embed', /id 4 at position 1/, /\[0, 4\)/);
    assertLayerError(() => layer.forward(new Tape(), [1.5]), 'E_INDEX', 'embed', /1\.5/);
  });
});
