import assert from 'node:assert/strict';
import { neighbours, neighboursFields } from '../../../engine/data/neighbours';
import { Rng } from '../../../engine/random';

describe('data: the neighbours task', () => {
  const o = { examples: 20, length: 5, symbols: 3 };
  const set = neighbours(o, new Rng(4));

  it('declares what it generates: source ids over the symbols, target over their pairs', () => {
    const fields = neighboursFields(o);
    assert.deepEqual(fields.source, { kind: 'index', shape: [20, 5], classes: 3 });
    assert.deepEqual(fields.target, { kind: 'index', shape: [20, 5], classes: 9 });
    assert.equal(set.input, 'source');
    assert.equal(set.target, 'target');
  });

  it('labels each position with (token before, token after), wrapping round at both ends', () => {
    const src = set.fields.source;
    const tgt = set.fields.target;
    assert.ok(src.kind === 'index' && tgt.kind === 'index');
    for (let e = 0; e < 20; e++) {
      const s: number[] = Array.from(src.tensor.data.subarray(e * 5, e * 5 + 5) as ArrayLike<number>);
      const words: string[] = s.map((id: number) => src.vocab![id]);
      for (let t = 0; t < 5; t++) {
        const label: string = tgt.vocab![tgt.tensor.data[e * 5 + t]];
        assert.equal(label, `${words[(t + 4) % 5]}_${words[(t + 1) % 5]}`);
      }
    }
  });

  it('is the same for the same seed', () => {
    const again = neighbours(o, new Rng(4));
    for (const k of ['source', 'target']) {
      const [a, b] = [again.fields[k], set.fields[k]];
      assert.ok(a.kind === 'index' && b.kind === 'index');
      assert.deepEqual(Array.from(a.tensor.data), Array.from(b.tensor.data));
    }
  });
});
