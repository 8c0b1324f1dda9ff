import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { exactNumber, EXPONENT_BELOW, EXPONENT_FROM, formatNumber, formatTick, plainNumber, texNumber, texOperand } from '../../../engine/protocol/numberText';
import { evaluateText, type NameScope } from '../../../engine/session/expression';

describe('numberText: the one number formatter of the engine and the webviews', () => {
  it('spells out NaN and ±∞ and writes every minus as −', () => {
    assert.equal(formatNumber(NaN), 'NaN');
    assert.equal(formatNumber(Infinity), '∞');
    assert.equal(formatNumber(-Infinity), '−∞');
    assert.equal(formatNumber(-0.35184), '−0.3518');
    assert.equal(formatNumber(-7.7961e-4), '−7.796e−4');
  });

  it('keeps `digits` significant digits and drops trailing zeros', () => {
    assert.equal(formatNumber(0.12345678), '0.1235');
    assert.equal(formatNumber(0.5), '0.5');
    assert.equal(formatNumber(2.0000001), '2');
    assert.equal(formatNumber(3.14159, 2), '3.1');
  });

  it('writes integers exactly and plain non-integers up to the exponent threshold', () => {
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(-42), '−42');
    assert.equal(formatNumber(123456789), '123456789');
    assert.equal(formatNumber(12345.678), '12350');
    assert.equal(formatNumber(EXPONENT_FROM * 0.9 + 0.5), '900000');
  });

  it('switches to an exponent at the thresholds, one for both sides', () => {
    assert.equal(formatNumber(EXPONENT_FROM + 0.5), '1e6');
    assert.equal(formatNumber(2.5e7 + 0.5), '2.5e7');
    assert.equal(formatNumber(EXPONENT_BELOW), '0.001');
    assert.equal(formatNumber(EXPONENT_BELOW * 0.999), '9.99e−4');
    assert.equal(formatNumber(1.5e-5), '1.5e−5');
  });

  it('writes the same numbers in LaTeX', () => {
    assert.equal(texNumber(1.5e-5), '1.5 \\times 10^{-5}');
    assert.equal(texNumber(1e-8), '10^{-8}');
    assert.equal(texNumber(-Infinity), '-\\infty');
    assert.equal(texNumber(-0.25), '-0.25');
    assert.equal(texOperand(-0.25), '(-0.25)');
    assert.equal(texOperand(0.25), '0.25');
  });

  it('gives tick labels the decimals their spacing needs', () => {
    assert.equal(formatTick(0.5, 0.1), '0.5');
    assert.equal(formatTick(-1, 0.25), '−1.0');
    assert.equal(formatTick(2e6, 1e6), '2000000');
    assert.equal(formatTick(1.25e-5, 1e-5), '1.25e−5');
  });
});

describe('numberText in the debugger: numbers an expression can read back', () => {
  const none: NameScope = { lookup: () => undefined, names: () => [] };
  /** The number an expression's text gives, as the Debug Console would evaluate it. */
  const read = (text: string): number => {
    const v = evaluateText(text, none);
    assert.equal(v.kind, 'number', `${text} reads as ${v.kind}`);
    return (v as { value: number }).value;
  };
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

  it('shows six significant digits with an ASCII minus, and an exponent past the same thresholds', () => {
    assert.equal(plainNumber(-0.5323445571626364), '-0.532345');
    assert.equal(plainNumber(0.6942243), '0.694224');
    assert.equal(plainNumber(-7.7961234e-4), '-7.79612e-4');
    assert.equal(plainNumber(1e-7), '1e-7');
    assert.equal(plainNumber(EXPONENT_FROM + 0.5), '1e6');
    assert.equal(plainNumber(-42), '-42');
    assert.equal(plainNumber(12345.678), '12345.7');
    assert.equal(plainNumber(-0), '0');
  });

  it('every number shown reads back as an expression, to within its rounding (6 digits: half a unit in the 6th)', () => {
    fc.assert(
      fc.property(finite, (x) => {
        const text = plainNumber(x);
        assert.doesNotMatch(text, /[−∞]/);
        const y = read(text);
        // Subnormals hold fewer than 6 digits themselves: a bound in units of the smallest normal.
        assert.ok(Math.abs(y - x) <= 5e-6 * Math.abs(x) + 2.3e-308, `${x} shown as ${text} reads back as ${y}`);
      }),
      { seed: 14, numRuns: 5000 },
    );
  });

  it('every number copied reads back as the same double, -0 included', () => {
    fc.assert(
      fc.property(finite, (x) => {
        const text = exactNumber(x);
        assert.ok(Object.is(read(text), x), `${x} copied as ${text} reads back as ${read(text)}`);
      }),
      { seed: 14, numRuns: 5000 },
    );
    assert.equal(exactNumber(-0.5323445571626364), '-0.5323445571626364');
    assert.equal(exactNumber(-0), '-0');
    assert.equal(exactNumber(1e21), '1e+21');
  });

  it('spells NaN and the infinities as JavaScript does, which no expression reads: they say what they are instead', () => {
    for (const [x, text] of [
      [NaN, 'NaN'],
      [Infinity, 'Infinity'],
      [-Infinity, '-Infinity'],
    ] as const) {
      assert.equal(plainNumber(x), text);
      assert.equal(exactNumber(x), text);
      assert.throws(() => read(text), /unknown name/);
    }
  });

  it('leaves the webviews\' numbers as they were: the same rounding, with − and ∞', () => {
    fc.assert(
      fc.property(finite, fc.integer({ min: 1, max: 8 }), (x, digits) => {
        assert.equal(formatNumber(x, digits), plainNumber(x, digits).replace(/-/g, '−'));
      }),
      { seed: 14, numRuns: 2000 },
    );
  });
});
