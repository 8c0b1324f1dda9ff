import assert from 'node:assert/strict';
import { BOS, EOS, pairData, pairFields, splitPair, TINY_PAIRS } from '../../../engine/data/pairs';
import { Rng } from '../../../engine/random';

describe('data: source → target pairs', () => {
  it('splits "source -> target" into token lists', () => {
    assert.deepEqual(splitPair('I see the dog -> ich sehe den Hund'), { source: ['i', 'see', 'the', 'dog'], target: ['ich', 'sehe', 'den', 'hund'] });
    assert.equal(splitPair('no arrow here'), null);
    assert.equal(splitPair('a -> b -> c'), null);
  });

  it('the built-in set is a small English → German translation with agreement', () => {
    assert.equal(TINY_PAIRS.length, 54);
    assert.ok(TINY_PAIRS.includes('you have the cat -> du hast die katze'));
    assert.ok(TINY_PAIRS.includes('we buy the house -> wir kaufen das haus'));
  });

  it('encodes target + <eos> and <bos> + target, shapes as declared, deterministic per seed', () => {
    const a = pairData(TINY_PAIRS, new Rng(1));
    const b = pairData(TINY_PAIRS, new Rng(1));
    const declared = pairFields(TINY_PAIRS);
    for (const k of ['source', 'target', 'target_in']) {
      const f = a.fields[k];
      assert.ok(f.kind === 'index');
      assert.deepEqual([...f.tensor.shape], [...declared[k].shape]);
      assert.equal(f.classes, declared[k].classes);
      assert.deepEqual(Array.from(f.tensor.data), Array.from((b.fields[k] as typeof f).tensor.data));
    }
    const target = a.fields.target.kind === 'index' ? (a.fields.target.tensor.toNested() as number[][]) : [];
    const targetIn = a.fields.target_in.kind === 'index' ? (a.fields.target_in.tensor.toNested() as number[][]) : [];
    target.forEach((row, n) => {
      assert.equal(row[row.length - 1], EOS);
      assert.deepEqual(targetIn[n], [BOS, ...row.slice(0, -1)]);
    });
  });

  it('decodes back to the pairs as written (vocabularies follow the text, not the shuffle)', () => {
    const set = pairData(TINY_PAIRS, new Rng(9));
    const src = set.fields.source;
    const tgt = set.fields.target;
    assert.ok(src.kind === 'index' && tgt.kind === 'index');
    const words = (ids: number[], vocab: readonly string[]) => ids.filter((i) => i > EOS).map((i) => vocab[i]).join(' ');
    const decoded = (src.tensor.toNested() as number[][]).map((s, n) => `${words(s, src.vocab!)} -> ${words((tgt.tensor.toNested() as number[][])[n], tgt.vocab!)}`);
    assert.deepEqual([...decoded].sort(), [...TINY_PAIRS].sort());
  });

  it('pads shorter sequences with <pad> = 0', () => {
    const set = pairData(['a b c -> x', 'a -> x y z'], new Rng(1));
    const src = set.fields.source;
    assert.ok(src.kind === 'index');
    assert.deepEqual([...src.tensor.shape], [2, 3]);
    assert.ok((src.tensor.toNested() as number[][]).some((r) => r[1] === 0 && r[2] === 0));
  });
});
