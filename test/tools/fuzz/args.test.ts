import assert from 'node:assert/strict';
import { parseFuzzArgs } from '../../../tools/fuzz/args';

/** `npm run fuzz -- --minutes N [--seed S] [--only NAME,…]`, read strictly. */
const KNOWN = ['model', 'dap'];
const parse = (...argv: string[]) => parseFuzzArgs(argv, KNOWN, () => 42);

describe('npm run fuzz arguments', () => {
  it('takes minutes, a seed and the properties to run, in either spelling', () => {
    assert.deepEqual(parse('--minutes', '2', '--seed=7', '--only', 'dap,model'), { minutes: 2, seed: 7, only: ['dap', 'model'] });
  });

  it('draws the seed when none is given, and runs every property without --only', () => {
    assert.deepEqual(parse('--minutes=0.5'), { minutes: 0.5, seed: 42, only: null });
  });

  it('refuses what it cannot read, naming the option', () => {
    assert.match((parse() as { error: string }).error, /--minutes must be a positive number/);
    assert.match((parse('--minutes', '-1') as { error: string }).error, /--minutes must be a positive number/);
    assert.match((parse('--minutes', '1', '--seed', '1.5') as { error: string }).error, /--seed must be an integer/);
    assert.match((parse('--minutes', '1', '--only', 'webview') as { error: string }).error, /unknown property "webview"; the properties are model, dap/);
    assert.match((parse('--minutes', '1', '--steps', '3') as { error: string }).error, /unknown option --steps/);
    assert.match((parse('--minutes') as { error: string }).error, /--minutes needs a value/);
  });
});
