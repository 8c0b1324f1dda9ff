import assert from 'node:assert/strict';
import type { DataSet } from '../../../engine/data/dataset';
import { adding, copyTask, firstBit, memoryTaskFields, reverseTask, tokenTaskFields, tokenVocab } from '../../../engine/data/sequences';
import { Rng } from '../../../engine/random';
import type { Tensor } from '../../../engine/tensor/tensor';

function t(set: DataSet, name: string): Tensor {
  const f = set.fields[name];
  assert.ok(f.kind !== 'text', `${name} is a tensor field`);
  return f.tensor;
}

function rows(x: Tensor): number[][] {
  return x.toNested() as number[][];
}

const tokens = { examples: 20, length: 6, symbols: 5 };

describe('data: sequence tasks', () => {
  it('copy: target = source; target_in = <bos> then the target shifted right', () => {
    const set = copyTask(tokens, new Rng(1));
    const [src, tgt, tin] = ['source', 'target', 'target_in'].map((k) => rows(t(set, k)));
    assert.deepEqual(tgt, src);
    tin.forEach((r, n) => assert.deepEqual(r, [0, ...tgt[n].slice(0, -1)]));
    src.flat().forEach((id) => assert.ok(id >= 1 && id <= 5, 'symbols are 1..symbols; 0 is <bos>'));
  });

  it('reverse: target is the source backwards', () => {
    const set = reverseTask(tokens, new Rng(2));
    const src = rows(t(set, 'source'));
    rows(t(set, 'target')).forEach((r, n) => assert.deepEqual(r, [...src[n]].reverse()));
    assert.deepEqual(set.fields.source.kind === 'index' && set.fields.source.vocab, tokenVocab(5));
  });

  it('first_bit: y is the first bit of x', () => {
    const set = firstBit({ examples: 30, length: 7 }, new Rng(3));
    const x = t(set, 'x');
    const y = t(set, 'y');
    for (let n = 0; n < 30; n++) assert.equal(y.get(n, 0), x.get(n, 0, 0));
    assert.ok(Array.from(x.data).every((b) => b === 0 || b === 1));
  });

  it('adding: one marker in each half, y the sum of the marked values', () => {
    const set = adding({ examples: 25, length: 10 }, new Rng(4));
    const x = t(set, 'x');
    const y = t(set, 'y');
    for (let n = 0; n < 25; n++) {
      const marked = [...Array(10).keys()].filter((s) => x.get(n, s, 1) === 1);
      assert.equal(marked.length, 2);
      assert.ok(marked[0] < 5 && marked[1] >= 5);
      assert.ok(Math.abs(y.get(n, 0) - (x.get(n, marked[0], 0) + x.get(n, marked[1], 0))) < 1e-15);
    }
  });

  it('every task is deterministic per seed and has the declared shapes', () => {
    const sets = [
      [copyTask, tokenTaskFields(tokens), tokens],
      [reverseTask, tokenTaskFields(tokens), tokens],
      [firstBit, memoryTaskFields({ examples: 9, length: 4 }, 1), { examples: 9, length: 4 }],
      [adding, memoryTaskFields({ examples: 9, length: 4 }, 2), { examples: 9, length: 4 }],
    ] as const;
    for (const [gen, declared, opts] of sets) {
      const a = (gen as (o: typeof opts, r: Rng) => DataSet)(opts, new Rng(7));
      const b = (gen as (o: typeof opts, r: Rng) => DataSet)(opts, new Rng(7));
      const c = (gen as (o: typeof opts, r: Rng) => DataSet)(opts, new Rng(8));
      for (const k of Object.keys(declared)) {
        assert.deepEqual([...t(a, k).shape], [...declared[k].shape]);
        assert.deepEqual(Array.from(t(a, k).data), Array.from(t(b, k).data));
      }
      assert.notDeepEqual(Array.from(t(a, a.input).data), Array.from(t(c, c.input).data));
    }
  });
});
