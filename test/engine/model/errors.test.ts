import assert from 'node:assert/strict';
import { checkModel } from '../../../engine/model/check';
import { formatDiagnostic, ModelFileError, type ModelErrorCode } from '../../../engine/model/diagnostics';

/**
 * Every error is located: a table of broken model files, each with the code, line and column (and
 * layer, where there is one) of every diagnostic it must produce — no more, no fewer.
 */
interface Expected {
  code: ModelErrorCode;
  line: number;
  column: number;
  layer?: string;
  /** A phrase the message must contain. */
  says?: string | RegExp;
}

const cases: { name: string; text: string; expect: Expected[] }[] = [
  {
    name: 'a syntax error (an unclosed flow mapping) is E_YAML, and only it is reported',
    text: ['data:', '  task: xor', 'model:', '  - linear: { out: 4', '  - tanh', 'loss: bce', ''].join('\n'),
    expect: [{ code: 'E_YAML', line: 5, column: 3, says: 'Flow map' }],
  },
  {
    name: 'a tab used for indentation is E_YAML at the tab',
    text: 'name: x\ndata:\n\ttask: xor\n',
    expect: [{ code: 'E_YAML', line: 3, column: 1, says: 'Tabs' }],
  },
  {
    name: 'a key that appears twice is E_YAML at the second one',
    text: ['data: { task: xor }', 'model:', '  - linear: { out: 1 }', 'loss: mse', 'loss: bce', ''].join('\n'),
    expect: [{ code: 'E_YAML', line: 5, column: 1, says: 'twice' }],
  },
  {
    name: 'an unknown key in a layer suggests the nearest one',
    text: ['data:', '  task: xor', 'model:', '  - linear: { name: out, out: 1, bais: false }', 'loss: mse', ''].join('\n'),
    expect: [{ code: 'E_UNKNOWN_KEY', line: 4, column: 34, layer: 'out', says: 'did you mean "bias"?' }],
  },
  {
    name: 'an unknown top-level key suggests the nearest one',
    text: ['nmae: demo', 'data: { task: xor }', 'model: [linear: { out: 1 }]', 'loss: mse', ''].join('\n'),
    expect: [{ code: 'E_UNKNOWN_KEY', line: 1, column: 1, says: 'did you mean "name"?' }],
  },
  {
    name: 'a key in the wrong section says where it belongs',
    text: ['data: { task: xor }', 'model: [linear: { out: 1 }]', 'loss: mse', 'lr: 0.1', ''].join('\n'),
    expect: [{ code: 'E_UNKNOWN_KEY', line: 4, column: 1, says: 'belongs under `training:`' }],
  },
  {
    name: 'an unknown layer kind suggests the nearest one',
    text: ['data: { task: xor }', 'model:', '  - lstmm: { hidden: 4 }', 'loss: mse', ''].join('\n'),
    expect: [{ code: 'E_UNKNOWN_KIND', line: 3, column: 5, says: 'did you mean "lstm"?' }],
  },
  {
    name: 'a wrong type is E_TYPE at the value, naming the (default) layer name',
    text: ['data:', '  task: xor', 'model:', '  - linear: { out: four }', 'loss: mse', ''].join('\n'),
    expect: [{ code: 'E_TYPE', line: 4, column: 20, layer: 'linear1', says: 'must be an integer in [1, 1000000], got the text "four"' }],
  },
  {
    name: 'a value out of range is E_VALUE',
    text: ['data: { task: xor }', 'model:', '  - linear: { out: 1 }', 'loss: mse', 'training:', '  lr: -0.5', ''].join('\n'),
    expect: [{ code: 'E_VALUE', line: 6, column: 7, says: 'must be a number > 0' }],
  },
  {
    name: 'an enum value that is not allowed suggests the nearest one',
    text: ['data: { task: xor }', 'model:', '  - linear: { out: 1, init: xaviar }', 'loss: mse', ''].join('\n'),
    expect: [{ code: 'E_VALUE', line: 3, column: 29, layer: 'linear1', says: 'did you mean "xavier"?' }],
  },
  {
    name: 'a missing required setting is E_REQUIRED at the layer kind',
    text: ['data:', '  task: xor', 'model:', '  - linear: { name: hidden }', 'loss: mse', ''].join('\n'),
    expect: [{ code: 'E_REQUIRED', line: 4, column: 5, layer: 'hidden', says: 'needs `out`' }],
  },
  {
    name: 'a missing section is E_REQUIRED',
    text: ['data: { task: xor }', 'loss: mse', ''].join('\n'),
    expect: [{ code: 'E_REQUIRED', line: 1, column: 1, says: 'needs `model:`' }],
  },
  {
    name: 'settings written beside the kind instead of inside it',
    text: ['data: { task: xor }', 'model:', '  - linear:', '    out: 1', 'loss: mse', ''].join('\n'),
    expect: [{ code: 'E_TYPE', line: 4, column: 5, says: 'indent them under `linear:`' }],
  },
  {
    name: 'shapes that cannot fit between two layers name the layer and both shapes',
    text: ['data:', '  task: xor', 'model:', '  - linear: { name: hidden, out: 8 }', '  - tanh', '  - linear: { name: out, in: 4, out: 1 }', 'loss: mse', ''].join('\n'),
    expect: [{ code: 'E_SHAPE', line: 6, column: 30, layer: 'out', says: /`in: 4` does not fit: the previous layer "tanh1" gives \[4,8\]/ }],
  },
  {
    name: 'dot attention between queries and keys of different widths',
    text: [
      'data: { task: { reverse: { length: 4 } } }',
      'model:',
      '  - embedding: { name: embed, dim: 8 }',
      '  - lstm: { name: encoder, hidden: 8 }',
      '  - lstm: { name: decoder, hidden: 6 }',
      '  - attention: { name: attend, score: dot, query: decoder, keys: encoder }',
      '  - linear: { out: 5 }',
      'loss: cross_entropy',
      '',
    ].join('\n'),
    expect: [{ code: 'E_SHAPE', line: 6, column: 39, layer: 'attend', says: /\[64,4,6\].*\[64,4,8\]/ }],
  },
  {
    name: 'prediction and target of the loss that do not fit',
    text: ['data: { task: xor }', 'model:', '  - linear: { out: 2 }', 'loss: mse', ''].join('\n'),
    expect: [{ code: 'E_SHAPE', line: 4, column: 7, says: /\[4,2\].*\[4,1\]/ }],
  },
  {
    name: 'cross_entropy with fewer class scores than classes',
    text: ['data: { task: { blobs: { classes: 3 } } }', 'model:', '  - linear: { out: 2 }', 'loss: cross_entropy', ''].join('\n'),
    expect: [{ code: 'E_SHAPE', line: 4, column: 7, says: 'has 3 classes' }],
  },
  {
    name: 'a layer over the parameter budget is refused, saying the budget',
    text: ['data: { task: xor }', 'model:', '  - linear: { name: wide, out: 200000 }', '  - linear: { out: 1 }', 'loss: mse', ''].join('\n'),
    expect: [{ code: 'E_BUDGET', line: 3, column: 32, layer: 'wide', says: 'the budget is 500,000 parameters' }],
  },
  {
    name: 'a tensor over the size budget is refused, saying the budget',
    text: ['data: { task: xor }', 'model:', '  - linear: { name: wide, out: 1000000 }', '  - linear: { out: 1 }', 'loss: mse', ''].join('\n'),
    expect: [{ code: 'E_BUDGET', line: 3, column: 32, layer: 'wide', says: 'the budget is 1,000,000 per tensor' }],
  },
  {
    name: 'a bad reference to a named input suggests the nearest name',
    text: [
      'data: { task: { reverse: { length: 4 } } }',
      'model:',
      '  - embedding: { name: embed, dim: 8 }',
      '  - lstm: { name: encoder, hidden: 8 }',
      '  - lstm: { name: decoder, hidden: 8, state: encodr }',
      '  - linear: { out: 5 }',
      'loss: cross_entropy',
      '',
    ].join('\n'),
    expect: [{ code: 'E_REF', line: 5, column: 46, layer: 'decoder', says: 'did you mean "encoder"?' }],
  },
  {
    name: 'a reference to a layer defined later says layers run in order',
    text: ['data: { task: xor }', 'model:', '  - add: { inputs: [x, second] }', '  - linear: { name: second, out: 2 }', 'loss: mse', ''].join('\n'),
    expect: [{ code: 'E_REF', line: 3, column: 24, layer: 'add1', says: 'defined later (line 4)' }],
  },
  {
    name: 'a reference to an output a layer does not have',
    text: ['data: { task: { first_bit: {} } }', 'model:', '  - lstm: { name: mem, hidden: 4, return: last }', '  - linear: { out: 1, input: mem.cell }', 'loss: mse', ''].join('\n'),
    expect: [{ code: 'E_REF', line: 4, column: 30, layer: 'linear1', says: 'no output `cell`' }],
  },
  {
    name: 'two layers with one name',
    text: ['data: { task: xor }', 'model:', '  - linear: { name: fc, out: 3 }', '  - linear: { name: fc, out: 1 }', 'loss: mse', ''].join('\n'),
    expect: [{ code: 'E_DUPLICATE', line: 4, column: 21, layer: 'fc' }],
  },
  {
    name: 'a layer named as the loss or the updates the debugger shows',
    text: ['data: { task: xor }', 'model:', '  - linear: { name: loss, out: 3 }', '  - linear: { name: update, out: 1 }', 'loss: mse', ''].join('\n'),
    expect: [
      { code: 'E_DUPLICATE', line: 3, column: 21, layer: 'loss', says: 'taken by the loss' },
      { code: 'E_DUPLICATE', line: 4, column: 21, layer: 'update', says: 'taken by the parameter updates' },
    ],
  },
  {
    name: 'an embedding model given a supervised loss',
    text: ['data: { task: corpus }', 'model:', '  - word2vec: { dim: 8 }', 'loss: mse', ''].join('\n'),
    expect: [{ code: 'E_CONFLICT', line: 4, column: 7, says: 'own objective `negative_sampling`' }],
  },
  {
    name: 'ragged inline tensors',
    text: ['data:', '  tensors:', '    x: [[0, 1], [1]]', '    y: [[1], [0]]', 'model: [sigmoid]', 'loss: mse', ''].join('\n'),
    expect: [{ code: 'E_SHAPE', line: 3, column: 17, says: 'ragged' }],
  },
  {
    name: 'several errors at once, all reported in file order',
    text: [
      'nme: spirals', //                                          1: unknown key
      'data:',
      '  task: { spirals: { points: 50, noise: lots } }', //      3: wrong type
      'model:',
      '  - linear: { name: hidden, out: 8 }',
      '  - rellu', //                                             6: unknown kind
      '  - linear: { name: hidden, out: 2 }', //                  7: duplicate name
      'loss: cross_entropy',
      'training:',
      '  optimizer: adamm', //                                    10: unknown optimizer
      '  lr: 0', //                                               11: out of range
      '',
    ].join('\n'),
    expect: [
      { code: 'E_UNKNOWN_KEY', line: 1, column: 1, says: 'did you mean "name"?' },
      { code: 'E_TYPE', line: 3, column: 41 },
      { code: 'E_UNKNOWN_KIND', line: 6, column: 5, says: 'did you mean "relu"?' },
      { code: 'E_DUPLICATE', line: 7, column: 21, layer: 'hidden' },
      { code: 'E_UNKNOWN_KIND', line: 10, column: 14, says: 'did you mean "adam"?' },
      { code: 'E_VALUE', line: 11, column: 7 },
    ],
  },
  {
    name: 'JSON files are located the same way',
    text: ['{', '  "data": { "task": "xor" },', '  "model": [ { "linear": { "out": 1 } }, { "lienar": {} } ],', '  "loss": "mse"', '}'].join('\n'),
    expect: [{ code: 'E_UNKNOWN_KIND', line: 3, column: 44, says: 'did you mean "linear"?' }],
  },
];

describe('model file errors', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { diagnostics, model } = checkModel(c.text);
      const shown = diagnostics.map((d) => formatDiagnostic(d, 'case')).join('\n');
      assert.equal(model, null, 'a file with errors gives no runnable model');
      assert.equal(diagnostics.length, c.expect.length, `expected ${c.expect.length} diagnostics, got:\n${shown}`);
      c.expect.forEach((e, i) => {
        const d = diagnostics[i];
        assert.deepEqual([d.code, d.line, d.column], [e.code, e.line, e.column], `diagnostic ${i}:\n${shown}`);
        if (e.layer) assert.equal(d.layer, e.layer, shown);
        if (typeof e.says === 'string') assert.ok(d.message.includes(e.says), `"${d.message}" should say "${e.says}"`);
        if (e.says instanceof RegExp) assert.match(d.message, e.says);
        assert.ok(d.endLine > d.line || (d.endLine === d.line && d.endColumn >= d.column), 'the range ends after it starts');
      });
    });
  }

  it('formats as file:line:col: code message, naming the layer', () => {
    const [d] = checkModel(cases[3].text).diagnostics;
    assert.equal(formatDiagnostic(d, 'samples/x.nn.yaml'), 'samples/x.nn.yaml:4:34: E_UNKNOWN_KEY unknown key `bais` in linear layer "out"; did you mean "bias"?');
  });

  it('never evaluates a tag: custom tags are errors, their text stays data', () => {
    const { diagnostics } = checkModel(['name: !!js/function "function () { throw new Error() }"', 'data: { task: xor }', 'model: [linear: { out: 1 }]', 'loss: mse', ''].join('\n'));
    assert.equal(diagnostics[0].code, 'E_YAML');
    assert.equal(diagnostics[0].line, 1);
  });

  it('an empty file says what a model needs', () => {
    const [d] = checkModel('').diagnostics;
    assert.deepEqual([d.code, d.line, d.column], ['E_TYPE', 1, 1]);
    assert.match(d.message, /empty/);
  });
});

describe('ModelFileError', () => {
  it('carries every diagnostic and prints them as check does', () => {
    const { diagnostics } = checkModel('nme: x\ndata: { task: xor }\nmodel: [linear: { out: four }]\nloss: mse\n');
    const e = new ModelFileError(diagnostics, 'm.nn.yaml');
    assert.equal(e.diagnostics.length, 2);
    assert.match(e.message, /^m\.nn\.yaml has 2 errors:\nm\.nn\.yaml:1:1: E_UNKNOWN_KEY[^\n]*\nm\.nn\.yaml:3:/);
  });
});
