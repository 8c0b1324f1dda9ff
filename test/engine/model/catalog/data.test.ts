import assert from 'node:assert/strict';
import { fieldInfo } from '../../../../engine/data/dataset';
import type { AttrValue } from '../../../../engine/model/attrs';
import { TASKS } from '../../../../engine/model/catalog/data';
import { Rng } from '../../../../engine/random';

function defaults(attrs: (typeof TASKS)[number]['attrs']): Record<string, AttrValue> {
  return Object.fromEntries(Object.entries(attrs).map(([k, a]) => [k, a.default!]));
}

describe('catalogue: built-in data tasks', () => {
  for (const task of TASKS) {
    it(`${task.task}: the fields it declares are the fields it generates, and its input/target exist`, () => {
      const settings = defaults(task.attrs);
      const declared = task.fields(settings);
      const set = task.generate(settings, new Rng(1), 'float64');
      assert.deepEqual(Object.keys(set.fields).sort(), Object.keys(declared).sort());
      for (const [k, f] of Object.entries(set.fields)) {
        const got = fieldInfo(f);
        assert.deepEqual([got.kind, [...got.shape]], [declared[k].kind, [...declared[k].shape]], `${task.task}.${k}`);
        if (declared[k].classes !== undefined) assert.equal(got.classes, declared[k].classes, `${task.task}.${k} classes`);
      }
      assert.ok(declared[task.input]);
      if (task.target) assert.ok(declared[task.target]);
    });
  }

  it('every setting has a default and a doc, so `task: <name>` alone works', () => {
    for (const t of TASKS) for (const [k, a] of Object.entries(t.attrs)) assert.ok(a.default !== undefined && a.doc.length > 5, `${t.task}.${k}`);
  });

  it('the corpus doc states the real number of sentences', () => {
    const corpus = TASKS.find((t) => t.task === 'corpus')!;
    const n = corpus.fields({}).text.shape[0];
    assert.ok(corpus.doc.includes(`${n} sentences`));
  });
});
