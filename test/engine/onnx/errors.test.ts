import assert from 'node:assert/strict';
import { BackstepError } from '../../../engine/errors';
import { importOnnx } from '../../../engine/onnx/import';
import { LIMITS } from '../../../engine/limits';
import { encodeModel, fixture } from './support';

/** Unsupported graphs and hostile files: one located error, naming the file and every node at fault, before anything big is allocated. */

function error(fn: () => unknown): BackstepError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof BackstepError, String(e));
    return e;
  }
  assert.fail('expected an error');
}

const int = (name: string, i: number) => ({ name, type: 2, i });

describe('ONNX import errors', () => {
  it('lists every unsupported node at once: its name, its op, and what is supported', () => {
    const bytes = encodeModel([
      { op: 'Conv', name: '/conv1/Conv', inputs: ['x'], outputs: ['a'] },
      { op: 'Relu', name: '/Relu', inputs: ['a'], outputs: ['b'] },
      { op: 'Softmax', name: '/Softmax', inputs: ['b'], outputs: ['c'], attrs: [int('axis', 1), int('beta', 2)] },
      { op: 'Frobnicate', name: '/head/Frobnicate', inputs: ['c'], outputs: ['y'] },
    ]);
    const e = error(() => importOnnx(bytes, 'model.onnx'));
    assert.equal(e.where.file, 'model.onnx');
    assert.match(e.message, /^model\.onnx: 3 problems importing the ONNX model/);
    assert.match(e.message, /node "\/conv1\/Conv" \(Conv\): op Conv is not supported/);
    assert.match(e.message, /node "\/Softmax" \(Softmax\): attribute beta is not supported \(supported: axis\)/);
    assert.match(e.message, /node "\/head\/Frobnicate" \(Frobnicate\): op Frobnicate is not supported/);
    assert.match(e.message, /Supported ops: .*MatMul.*Softmax/);
    assert.doesNotMatch(e.message, /\/Relu/);
  });

  it('refuses a dynamic input shape unless the data gives it, and an unsupported attribute value, together', () => {
    const bytes = encodeModel([{ op: 'LayerNormalization', name: '/ln', inputs: ['x', 'g'], outputs: ['y'], attrs: [int('axis', 0)] }], {
      shape: ['batch', 3],
      initializers: [{ name: 'g', dataType: 1, dims: [2, 3], floatData: [1, 1, 1, 1, 1, 1] }],
    });
    const e = error(() => importOnnx(bytes, 'm.onnx'));
    assert.match(e.message, /graph input "x": dynamic shape \[batch, 3\] is not supported/);
    const given = error(() => importOnnx(bytes, 'm.onnx', { inputShapes: new Map([['x', [2, 3]]]) }));
    assert.match(given.message, /node "\/ln" \(LayerNormalization\): normalizing over axes 0… is not supported; only the last axis/);
  });

  it('refuses opsets outside 13–17', () => {
    const e = error(() => importOnnx(encodeModel([{ op: 'Relu', name: '/r', inputs: ['x'], outputs: ['y'] }], { opset: 9 }), 'old.onnx'));
    assert.match(e.message, /opset 9 is not supported; opsets 13–17 are/);
  });

  it('locates a failure inside a node (shapes that do not fit) by file and node', () => {
    const bytes = encodeModel([{ op: 'MatMul', name: '/fc/MatMul', inputs: ['x', 'w'], outputs: ['y'] }], {
      initializers: [{ name: 'w', dataType: 1, dims: [4, 2], floatData: Array(8).fill(0.5) }],
    });
    const e = error(() => importOnnx(bytes, 'm.onnx'));
    assert.match(e.message, /node "\/fc\/MatMul" \(MatMul\): .*inner sizes 3 ≠ 4/);
  });

  it('refuses a truncated file with a located error', () => {
    const { bytes } = fixture('mlp');
    for (const cut of [1, 100, 1000]) {
      const e = error(() => importOnnx(bytes.subarray(0, bytes.length - cut), 'cut.onnx'));
      assert.equal(e.where.file, 'cut.onnx');
      assert.match(e.message, /^cut\.onnx: not a readable ONNX model \(.+\); is the file complete\?$/);
    }
  });

  it('checks declared dims against the bytes before allocating: huge dims with a few bytes are refused', () => {
    const bytes = encodeModel([{ op: 'Add', name: '/add', inputs: ['x', 'w'], outputs: ['y'] }], {
      initializers: [{ name: 'w', dataType: 1, dims: [1_000_000_000, 1_000_000], rawData: new Uint8Array(24) }],
    });
    const e = error(() => importOnnx(bytes, 'bomb.onnx'));
    assert.match(e.message, /bomb\.onnx: initializer "w": dims \[1000000000, 1000000\] declare 1,000,000,000,000,000 values but the file holds 24 bytes/);
  });

  it('bounds what a node makes from constants (ConstantOfShape of a huge shape)', () => {
    const bytes = encodeModel([{ op: 'ConstantOfShape', name: '/big', inputs: ['s'], outputs: ['y'] }], {
      initializers: [{ name: 's', dataType: 7, dims: [2], int64Data: [100_000, 100_000] }],
    });
    const e = error(() => importOnnx(bytes, 'big.onnx'));
    assert.match(e.message, /node "\/big" \(ConstantOfShape\): .*over .* values .*dataFileBytes/);
  });

  it('refuses a file over the size limit before decoding it, and an unsupported element type', () => {
    const e = error(() => importOnnx(new Uint8Array(LIMITS.dataFileBytes.max + 1), 'huge.onnx'));
    assert.match(e.message, /huge\.onnx: the ONNX file has .* bytes; the limit `dataFileBytes`/);
    const strings = encodeModel([{ op: 'Identity', name: '/i', inputs: ['x'], outputs: ['y'] }], { initializers: [{ name: 's', dataType: 8, dims: [1] }] });
    assert.match(error(() => importOnnx(strings, 's.onnx')).message, /initializer "s": element type STRING is not supported \(supported: float32, float64, int64, int32, bool\)/);
  });

  it('refuses bytes that are not an ONNX model', () => {
    const e = error(() => importOnnx(new TextEncoder().encode('model:\n  - linear: { out: 3 }\n'), 'not.onnx'));
    assert.match(e.message, /^not\.onnx: not a readable ONNX model/);
  });
});

describe('ONNX import errors: outputs far larger than their inputs', () => {
  it('refuses an Expand or an outer product over the bound, naming the node', () => {
    const expand = encodeModel([{ op: 'Expand', name: '/big/Expand', inputs: ['x', 's'], outputs: ['y'] }], {
      initializers: [{ name: 's', dataType: 7, dims: [3], int64Data: [100_000, 100_000, 3] }],
    });
    assert.match(error(() => importOnnx(expand, 'e.onnx')).message, /node "\/big\/Expand" \(Expand\): .*\[100000, 100000, 3\] is over/);
    const outer = encodeModel([{ op: 'MatMul', name: '/outer/MatMul', inputs: ['c', 'r'], outputs: ['y'] }], {
      initializers: [
        { name: 'c', dataType: 1, dims: [200_000, 1], rawData: new Uint8Array(800_000) },
        { name: 'r', dataType: 1, dims: [1, 200_000], rawData: new Uint8Array(800_000) },
      ],
    });
    assert.match(error(() => importOnnx(outer, 'o.onnx')).message, /node "\/outer\/MatMul" \(MatMul\): .*\[200000, 200000\] is over/);
  });
});
