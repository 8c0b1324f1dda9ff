import assert from 'node:assert/strict';
import { HOSTILE_FILES } from '../../../bench/hostile_files';
import { checkModel } from '../../../engine/model/check';
import { loadTrainer } from '../../../engine/train';

/** Properties every JavaScript object has; a model file may use any of them as a key or a name. */
const BUILT_IN_WORDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
const XOR = 'data: { task: xor }\nmodel:\n  - linear: { out: 1 }\nloss: mse\n';

/** `w` in every place of a model file where text the user wrote becomes a key or a name. */
const placesFor = (w: string): string[] => [
  `${w}: 1\n${XOR}`,
  `${XOR}training:\n  ${w}: 1\n`,
  `${XOR}training:\n  optimizer: ${w}\n`,
  `${XOR}training:\n  optimizer: { adam: { ${w}: 1 } }\n`,
  `${XOR}debug:\n  break_on: { ${w}: true }\n`,
  `data: { task: ${w} }\nmodel: [tanh]\nloss: mse\n`,
  `data: { task: { xor: { ${w}: 1 } } }\nmodel: [tanh]\nloss: mse\n`,
  `data: { task: xor, input: ${w} }\nmodel: [tanh]\nloss: mse\n`,
  `data: { tensors: { ${w}: [[0, 1], [1, 0]], y: [[1], [0]] } }\nmodel:\n  - linear: { out: 1 }\nloss: mse\n`,
  `data: { tensors: { x: [[0, 1], [1, 0]], ${w}: [[1], [0]] }, target: ${w} }\nmodel:\n  - linear: { out: 1 }\nloss: mse\n`,
  `data: { task: xor }\nmodel:\n  - linear: { out: 1, input: ${w} }\nloss: mse\n`,
  `data: { task: xor }\nmodel:\n  - linear: { out: 1, name: a }\n  - tanh: { input: a.${w} }\nloss: mse\n`,
  `data: { task: xor }\nmodel:\n  - ${w}\nloss: mse\n`,
  `data: { task: xor }\nmodel:\n  - linear: { out: 1, ${w}: 2 }\nloss: mse\n`,
  `data: { task: xor }\nmodel:\n  - linear: { out: 4, name: ${w} }\n  - linear: { out: 1, input: ${w} }\nloss: { mse: { input: linear1 } }\n`,
  `${XOR.replace('mse', w)}`,
  `${XOR.replace('mse', `{ mse: { target: ${w} } }`)}`,
  `data: { text: ["a b c d", "b c d a"] }\nmodel:\n  - word2vec: { dim: 2, name: ${w} }\n`,
];

describe('checking a model file', () => {
  it('reads a key named like a built-in object property as an unknown key, where it stands', () => {
    for (const w of BUILT_IN_WORDS) {
      assert.deepEqual(
        checkModel(`data:\n${w}: 1\n`).diagnostics.map((d) => [d.code, d.line, d.column]),
        [
          ['E_REQUIRED', 1, 1],
          ['E_TYPE', 1, 1],
          ['E_UNKNOWN_KEY', 2, 1],
        ],
        w,
      );
      assert.deepEqual(
        checkModel(`${XOR}training:\n  ${w}: 1\n`).diagnostics.map((d) => [d.code, d.line, d.column]),
        [['E_UNKNOWN_KEY', 6, 3]],
        w,
      );
    }
  });

  it('takes built-in words anywhere in a file without a crash: located errors, or a model that trains', () => {
    let trained = 0;
    for (const w of BUILT_IN_WORDS) {
      for (const text of placesFor(w)) {
        const loaded = loadTrainer(text, { recordValues: false });
        if (loaded.kind === 'failed') assert.fail(`${text}\n→ ${loaded.error.message}`);
        if (loaded.kind === 'invalid') {
          assert.ok(loaded.diagnostics.length > 0 && loaded.diagnostics.every((d) => d.line >= 1 && d.column >= 1), text);
          continue;
        }
        for (let s = 0; s < 3; s++) loaded.trainer.beginStep().finish();
        assert.ok(Number.isFinite(loaded.trainer.last!.loss), text);
        trained++;
      }
    }
    // Data fields and layers legally named by every word train (four places per word).
    assert.ok(trained >= 4 * BUILT_IN_WORDS.length, `${trained} trained`);
  });

  it('answers each hostile file of issue #13 with located errors in well under a second', () => {
    for (const file of HOSTILE_FILES) {
      const text = file.text();
      const t0 = performance.now();
      const { diagnostics } = checkModel(text);
      const ms = performance.now() - t0;
      assert.ok(ms < 1000, `${file.name}: ${ms.toFixed(0)} ms`);
      // A limit or an encoding is one error, not one per value or level.
      assert.ok(diagnostics.length <= 3 && diagnostics.filter((d) => d.code === 'E_BUDGET' || d.code === 'E_ENCODING').length <= 1, `${file.name}: ${diagnostics.length} diagnostics`);
      assert.ok(diagnostics.every((d) => d.line >= 1 && d.column >= 1 && !/\n\s+at /.test(d.message)), file.name);
    }
  });
});
