import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { evaluateText, ExpressionError, parseExpression, type NameScope, type Value } from '../../../engine/session/expression';
import { LIMITS } from '../../../engine/limits';
import { count } from '../../../engine/model/budget';
import { Tensor } from '../../../engine/tensor/tensor';

function scope(values: Record<string, Tensor | number>): NameScope {
  return { lookup: (n) => values[n], names: () => Object.keys(values) };
}

const W = Tensor.fromNested(
  [
    [1, -2, 3],
    [4, 5, -6],
  ],
  'float64',
  'memory.W_f',
);
W.grad = Tensor.fromNested(
  [
    [3, 0, 0],
    [0, 4, 0],
  ],
  'float64',
);
const names = scope({ 'memory.W_f': W, 'encoder.layers.0.linear1.weight': Tensor.of([7], [1]), 'memory/t3/gate_f': Tensor.of([0.5, 0.25], [2], 'float64', 'memory/t3/gate_f'), loss: Tensor.scalar(0.05), lr: 0.1 });

const num = (text: string): number => {
  const v = evaluateText(text, names);
  assert.equal(v.kind, 'number', `${text} gives ${v.kind}`);
  return (v as { value: number }).value;
};
const tensor = (text: string): Tensor => {
  const v: Value = evaluateText(text, names);
  assert.equal(v.kind, 'tensor');
  return (v as { tensor: Tensor }).tensor;
};
const fails = (text: string, pattern: RegExp, column?: number): void => {
  assert.throws(
    () => evaluateText(text, names),
    (e: unknown) => e instanceof ExpressionError && pattern.test(e.message) && (column === undefined || e.span.start + 1 === column),
  );
};

describe('session expressions', () => {
  it('read names with dots and slashes, numbers and parentheses', () => {
    assert.equal(num('lr'), 0.1);
    assert.deepEqual(Array.from(tensor('memory/t3/gate_f').data), [0.5, 0.25]);
    assert.equal(num('(1 + 2) * 3 - 4 / 2'), 7);
    assert.equal(num('-2e-1 * 10'), -2);
    assert.equal(num('lr/2'), 0.05);
    assert.deepEqual(Array.from(tensor('encoder.layers.0.linear1.weight').data), [7], 'PyTorch names of an imported model: `.` before a digit');
  });

  it('index and slice like Python, negative positions from the end', () => {
    assert.deepEqual(tensor('memory.W_f[1]').toNested(), [4, 5, -6]);
    assert.deepEqual(tensor('memory.W_f[:, 1]').toNested(), [-2, 5]);
    assert.deepEqual(tensor('memory.W_f[0, 1:3]').toNested(), [-2, 3]);
    assert.deepEqual(tensor('memory.W_f[-1, -1]').toNested(), -6);
    assert.deepEqual(tensor('memory.W_f[0:9, :1]').toNested(), [[1], [4]]);
    assert.deepEqual(tensor('memory.W_f[1][2]').toNested(), -6);
  });

  it('grad(), norm(), mean(), min(), max(), sum(), abs(), shape(), size()', () => {
    assert.equal(num('norm(grad(memory.W_f))'), 5);
    assert.deepEqual(tensor('grad(memory.W_f[1])').toNested(), [0, 4, 0]);
    assert.equal(num('mean(memory.W_f)'), 5 / 6);
    assert.equal(num('min(memory.W_f)'), -6);
    assert.equal(num('max(abs(memory.W_f))'), 6);
    assert.equal(num('sum(memory.W_f[0])'), 2);
    assert.deepEqual(tensor('shape(memory.W_f)').toNested(), [2, 3]);
    assert.equal(num('size(memory.W_f)'), 6);
  });

  it('compare and combine with && || !', () => {
    assert.deepEqual(evaluateText('loss < 0.1', names), { kind: 'bool', value: true });
    assert.deepEqual(evaluateText('norm(grad(memory.W_f)) > 5 || loss >= 0.05', names), { kind: 'bool', value: true });
    assert.deepEqual(evaluateText('!(lr == 0.1) && loss < 1', names), { kind: 'bool', value: false });
  });

  it('computes elementwise with a number or a tensor of the same shape', () => {
    assert.deepEqual(tensor('memory.W_f * 2 - memory.W_f').toNested(), W.toNested());
    fails('memory.W_f + memory/t3/gate_f', /shapes \[2,3\] and \[2\] differ/);
  });

  it('reports located errors with suggestions', () => {
    fails('norm(memory.W_g)', /unknown name memory\.W_g — did you mean memory\.W_f\?/, 6);
    fails('nrom(memory.W_f)', /unknown function nrom\(\) — did you mean norm\(\)\?/, 1);
    fails('memory.W_f[2]', /index 2 is out of range for axis 0 of size 2/);
    fails('memory.W_f[0.5]', /whole number/);
    fails('memory.W_f > 1', /use norm\(\), mean\(\), min\(\) or max\(\)/);
    fails('grad(1 + lr)', /grad\(\) takes the name of a tensor/);
    fails('loss < ', /expected a name, a number or "\("/, 8);
    fails('a < b < c', /unexpected "<"/);
    fails('loss $ 2', /unexpected character "\$"/, 6);
    fails('', /empty/);
  });

  it('never throws anything but an ExpressionError, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'lr loss memory.W_f()[]:,+-*/<>=!&|0123456789. '.split('')), maxLength: 30 }), (text) => {
        try {
          parseExpression(text);
          evaluateText(text, names);
        } catch (e) {
          assert.ok(e instanceof ExpressionError, `${text}: ${String(e)}`);
        }
      }),
      { numRuns: 500 },
    );
  });

  it(`is at most ${count(LIMITS.expressionLength.max)} characters: one more is an error naming the limit, before the text is read`, () => {
    const atLimit = `lr${' '.repeat(LIMITS.expressionLength.max - 2)}`;
    assert.equal(num(atLimit), 0.1);
    fails(`${atLimit} `, new RegExp(`is ${count(LIMITS.expressionLength.max + 1)} characters long; the limit \`expressionLength\` is ${count(LIMITS.expressionLength.max)}`), LIMITS.expressionLength.max + 1);
    fails('x'.repeat(10 * LIMITS.expressionLength.max), /characters long; the limit `expressionLength` is/);
  });

  it(`nests at most ${LIMITS.expressionDepth.max} levels: deeper sums, parentheses and signs are an error, not a stack overflow`, () => {
    const sum = (terms: number): string => Array.from({ length: terms }, () => '1').join(' + ');
    assert.equal(num(sum(LIMITS.expressionDepth.max)), LIMITS.expressionDepth.max);
    fails(sum(LIMITS.expressionDepth.max + 1), new RegExp(`nests more than ${LIMITS.expressionDepth.max} levels deep`));
    const half = LIMITS.expressionLength.max / 2;
    fails(`${'('.repeat(half - 1)}1${')'.repeat(half - 1)}`, /nests more than/);
    fails(`${'-'.repeat(LIMITS.expressionLength.max - 1)}1`, /nests more than/);
    fails(`${'norm('.repeat(half / 5)}lr${')'.repeat(half / 5)}`, /nests more than/);
  });

  it('any text up to the limit gives a value or an ExpressionError, never another exception', () => {
    const units = 'lr loss memory.W_f()[]:,+-*/<>=!&|0123456789.eE '.split('');
    const randomText = fc.string({ unit: fc.constantFrom(...units), maxLength: LIMITS.expressionLength.max });
    const pieces = ['(', ')', '-', '!', '1+', 'lr*', '[', ']', 'norm(', 'memory.W_f[', '0:', ' ', 'a', '9', '.5e', '&&'];
    const repeated = fc.tuple(fc.constantFrom(...pieces), fc.constantFrom(...pieces), fc.integer({ min: 1, max: LIMITS.expressionLength.max / 4 })).map(([a, b, n]) => (a + b).repeat(n).slice(0, LIMITS.expressionLength.max));
    fc.assert(
      fc.property(fc.oneof(randomText, repeated), (text) => {
        try {
          evaluateText(text, names);
        } catch (e) {
          assert.ok(e instanceof ExpressionError, `${text.slice(0, 60)}… (${text.length} characters): ${String(e)}`);
        }
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
