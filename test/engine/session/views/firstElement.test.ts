import { strict as assert } from 'node:assert';
import { tensorView } from '../../../../engine/session/format';
import { firstElementFormula } from '../../../../engine/session/views/firstElement';
import { Tensor } from '../../../../engine/tensor/tensor';

const named = (role: string, values: number[], shape = [values.length]) => ({ role, tensor: tensorView(Tensor.of(values, shape, 'float64', role)) });

describe('session views: an elementwise op worked on its first element', () => {
  it('names each tensor by the op’s symbol for it, subscript 0, with its first value', () => {
    const tex = firstElementFormula([named('x', [1.5, 2, 3, 4, 5]), named('y', [0.8176, 0, 0, 0, 0])]);
    assert.equal(tex, 'x_{0} = 1.5,\\quad y_{0} = 0.8176');
  });

  it('writes Greek names as symbols, gradients as ∂L/∂x, and small numbers as powers of ten', () => {
    const tex = firstElementFormula([named('gamma', [2, 0]), named('∂L/∂x', [-1.25e-6, 0])]);
    assert.equal(tex, '\\gamma_{0} = 2,\\quad \\left(\\frac{\\partial L}{\\partial x}\\right)_{0} = -1.25 \\times 10^{-6}');
  });

  it('is null when the tensors differ in shape (not elementwise) or there are none', () => {
    assert.equal(firstElementFormula([named('a', [1, 2, 3, 4], [2, 2]), named('y', [1, 2, 3, 4], [4])]), null);
    assert.equal(firstElementFormula([]), null);
  });
});
