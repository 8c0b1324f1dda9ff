import assert from 'node:assert/strict';
import { checkModel } from '../../../engine/model/check';

const model = (validation: string, data = 'task: { blobs: { points: 20 } }', loss = 'cross_entropy') =>
  ['name: v', 'data:', `  ${data}`, `  validation: ${validation}`, 'model:', '  - linear: { out: 3 }', `loss: ${loss}`, 'training: { steps: 5 }', ''].join('\n');
const problems = (text: string) => checkModel(text).diagnostics.map((d) => `${d.code} ${d.line}: ${d.message}`);

describe('model/validation-check: `validation:` in the data', () => {
  it('a fraction leaves the rest for training: batches are drawn from them', () => {
    const checked = checkModel(model('0.25')).model!;
    assert.equal(checked.data.examples, 15);
    assert.equal(checked.batch, 15);
    assert.deepEqual(checked.spec.data.validation, { fraction: 0.25, every: null, range: checked.spec.data.validation!.range });
    assert.equal(checkModel(model('{ fraction: 0.5, every: 3 }')).model!.spec.data.validation!.every, 3);
  });

  it('a fraction must leave examples on both sides, and lie in (0, 1)', () => {
    assert.match(problems(model('0.01'))[0], /^E_VALUE 4: `validation: 0.01` holds out 0 of the 20 examples/);
    assert.match(problems(model('1.5'))[0], /^E_\w+ 4: .*fraction/);
    assert.match(problems(model('{ every: 0, fraction: 0.2 }'))[0], /every/);
  });

  it('takes a fraction or a file, not both, not neither', () => {
    assert.match(problems(model('{ fraction: 0.2, file: v.csv }'))[0], /^E_CONFLICT 4: `validation` has both `fraction` and `file`/);
    assert.match(problems(model('{ every: 5 }'))[0], /^E_REQUIRED 4: `validation` needs `fraction`/);
    assert.ok(problems(model('{ fractoin: 0.2 }')).some((p) => /^E_UNKNOWN_KEY 4: .*did you mean "fraction"/.test(p)));
    assert.match(problems(model('yes'))[0], /^E_TYPE 4: `validation` is a fraction such as `0.2` or a map/);
  });

  it('a file needs data from a file; a model on its own objective has no held-out loss', () => {
    assert.match(problems(model('{ file: v.csv }'))[0], /^E_CONFLICT 4: `validation: \{ file \}` is a second data file of the training data's kind; this data is `task`/);
    const w2v = ['name: w', 'data:', '  text: ["a b c d", "b c d a"]', '  validation: 0.5', 'model:', '  - word2vec: { dim: 2, window: 1 }', 'loss: negative_sampling', 'training: { steps: 2 }', ''].join('\n');
    assert.ok(problems(w2v).some((p) => /^E_CONFLICT 4: `validation` scores a model with a loss against a target/.test(p)), problems(w2v).join('\n'));
  });
});
