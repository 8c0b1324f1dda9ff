import fc from 'fast-check';
import type { FuzzProperty, Verdict } from '../../../../tools/fuzz/property';

/** Properties that misbehave on purpose, one way each, for the runner's tests; the input is a small number. */
function property(name: string, run: (n: number) => Verdict | Promise<Verdict>): FuzzProperty<number> {
  return { name, inputs: 'numbers', passed: 'ok', arbitrary: fc.nat({ max: 9 }), timeBoundMs: 1_000, run, keep: (n) => ({ ext: 'txt', text: `${n}\n` }) };
}

export const PASSES = property('passes', (n) => ({ outcome: n % 2 === 0 ? 'ok' : 'located' }));
/** PASSES with a time bound no busy machine reaches (the runner's counting is tested, not its bounds). */
export const PASSES_UNHURRIED = { ...PASSES, timeBoundMs: 30_000 };
export const THROWS = property('throws', () => {
  throw new Error('thrown on purpose');
});
export const EXITS = property('exits', () => process.exit(3));
export const HANGS = property('hangs', () => {
  for (;;);
});
/** Holds some 400 MB of numbers, over the runner's bound in the test; filling them may take seconds on a busy machine. */
export const BLOWS_UP = {
  ...property('blows-up', () => {
    const held = Array.from({ length: 50 }, () => new Float64Array(1_000_000).fill(1));
    return { outcome: held.length > 0 ? 'ok' : 'crash' };
  }),
  timeBoundMs: 30_000,
};
