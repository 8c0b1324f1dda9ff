import { strict as assert } from 'node:assert';
import { EXPONENT_BELOW, EXPONENT_FROM, formatNumber, formatTick, texNumber, texOperand } from '../../../engine/protocol/numberText';

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
