import assert from 'node:assert/strict';
import { andData, logicFields, xorData } from '../../../engine/data/logic';

describe('data: logic truth tables', () => {
  it('xor: y is 1 exactly when the two inputs differ', () => {
    const { fields, input, target } = xorData();
    assert.equal(input, 'x');
    assert.equal(target, 'y');
    assert.deepEqual(fields.x.kind === 'float' && fields.x.tensor.toNested(), [[0, 0], [0, 1], [1, 0], [1, 1]]);
    assert.deepEqual(fields.y.kind === 'float' && fields.y.tensor.toNested(), [[0], [1], [1], [0]]);
  });

  it('and: y is 1 only for (1, 1)', () => {
    const { fields } = andData('float32');
    assert.ok(fields.y.kind === 'float');
    assert.deepEqual(fields.y.tensor.toNested(), [[0], [0], [0], [1]]);
    assert.equal(fields.y.tensor.dtype, 'float32');
  });

  it('declares the shapes it produces', () => {
    const declared = logicFields();
    const { fields } = xorData();
    for (const [k, f] of Object.entries(fields)) assert.deepEqual(f.kind !== 'text' && [...f.tensor.shape], [...declared[k].shape]);
  });
});
