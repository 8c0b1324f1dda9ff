import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkModel } from '../../../engine/model/check';
import type { DataFiles } from '../../../engine/model/files';
import { loadTrainer, type ModelTrainer } from '../../../engine/train';
import { generateModelFile } from '../../../engine/onnx/generate';
import { readSignature } from '../../../engine/onnx/signature';
import { singleNodeModel } from './support/singleNode';

/**
 * An onnx layer with several graph inputs: `inputs: { graph input: data field }` binds them, an
 * unnamed one reads the data field of its own name; a name the graph lacks or a shape other than the
 * declared one is a diagnostic at the name. masked.onnx (tools/onnx/tiny_fixtures.py): input_ids and
 * attention_mask (batch, seq) → Embedding(10, 8) × mask → Linear → logits (batch, seq, 10).
 */
const masked = readFileSync(path.join(__dirname, '../../fixtures/onnx/tools/masked.onnx'));
const files = (bytes: Uint8Array, name = 'masked.onnx'): DataFiles => new Map([[name, { ok: true, bytes }]]);

const IDS = [[1, 2, 3, 4], [5, 6, 7, 8]];
const TARGET = [[0, 1, 2, 3], [4, 5, 6, 7]];

function text(fields: Record<string, number[][]>, model = 'model: { onnx: masked.onnx, output: logits }'): string {
  const lines = Object.entries(fields).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`);
  return ['data:', '  tensors:', `    input_ids: ${JSON.stringify(IDS)}`, ...lines, `    y: ${JSON.stringify(TARGET)}`, '  input: input_ids', '  target: y', model, 'loss: cross_entropy', 'training: { batch_size: 2, steps: 2 }', ''].join('\n');
}

const mask = (v: number) => IDS.map((row) => row.map(() => v));

function trainer(source: string): ModelTrainer {
  const loaded = loadTrainer(source, { files: files(masked), recordValues: false });
  assert.equal(loaded.kind, 'ok', JSON.stringify(loaded));
  return (loaded as { trainer: ModelTrainer }).trainer;
}

function firstLoss(source: string): number {
  const run = trainer(source).beginStep();
  run.finish();
  return run.loss.data[0];
}

/** Line and column (1-based) where `needle` starts in the text. */
function at(source: string, needle: string): { line: number; column: number } {
  const lines = source.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  return { line: line + 1, column: lines[line].indexOf(needle) + 1 };
}

describe('onnx layers with several graph inputs', () => {
  it('reads a graph input after the first from the data field of its name', () => {
    const { diagnostics, model } = checkModel(text({ attention_mask: mask(1) }), { files: files(masked) });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(model!.layers[0].inputs.inputs.map((r) => [r.key?.name, r.source]), [['attention_mask', 'attention_mask']]);
  });

  it('feeds the bound data, not zeros: a zero mask leaves only the bias, whatever the ids', () => {
    const ones = firstLoss(text({ attention_mask: mask(1) }));
    const zeros = firstLoss(text({ attention_mask: mask(0) }));
    assert.notEqual(ones, zeros);
    const otherIds = (s: string) => s.replace(JSON.stringify(IDS), JSON.stringify([[9, 9, 9, 9], [0, 0, 0, 0]]));
    assert.equal(firstLoss(otherIds(text({ attention_mask: mask(0) }))), zeros);
    assert.notEqual(firstLoss(otherIds(text({ attention_mask: mask(1) }))), ones);
  });

  it('binds a graph input to a field of another name with `inputs:`', () => {
    const source = text({ m: mask(0) }, 'model: { onnx: masked.onnx, output: logits, inputs: { attention_mask: m } }');
    assert.deepEqual(checkModel(source, { files: files(masked) }).diagnostics, []);
    assert.equal(firstLoss(source), firstLoss(text({ attention_mask: mask(0) })));
  });

  it('locates a name the graph does not have at the name, listing the graph inputs', () => {
    const source = text({ m: mask(1) }, 'model: { onnx: masked.onnx, output: logits, inputs: { attention_mas: m } }');
    const [d] = checkModel(source, { files: files(masked) }).diagnostics;
    assert.match(d.message, /"masked\.onnx" has no graph input `attention_mas`; its graph inputs are input_ids, attention_mask/);
    assert.deepEqual({ line: d.line, column: d.column }, at(source, 'attention_mas:'));
  });

  it('says when nothing feeds a graph input, naming the data fields', () => {
    const [d] = checkModel(text({ m: mask(1) }), { files: files(masked) }).diagnostics;
    assert.match(d.message, /nothing feeds the graph input `attention_mask` of "masked\.onnx": write `inputs: \{ attention_mask: <data field> \}` \(the data fields are input_ids, m, y\)/);
  });

  it('locates a field of another shape than the graph declares at the name', () => {
    const add = singleNodeModel({ opType: 'Add', attrs: {}, inputs: [{ name: 'a', shape: [2, 3] }, { name: 'b', shape: [2, 3] }], outputs: ['c'] }, 14);
    const source = [
      'data:',
      '  tensors:',
      '    a: [[1, 2, 3], [4, 5, 6]]',
      '    wide: [[1, 2, 3, 4], [5, 6, 7, 8]]',
      '    y: [[0, 0, 0], [1, 1, 1]]',
      '  input: a',
      '  target: y',
      'model: { onnx: add.onnx, inputs: { b: wide } }',
      'loss: mse',
      'training: { batch_size: 2, steps: 1 }',
      '',
    ].join('\n');
    const [d] = checkModel(source, { files: files(add, 'add.onnx') }).diagnostics;
    assert.match(d.message, /the graph input `b` of "add\.onnx" is \[2,3\], but what `inputs:` names is \[2,4\]/);
    assert.deepEqual({ line: d.line, column: d.column }, at(source, 'b: wide'));
  });

  it('checks the model file Debug This Model writes for inputs whose names are not field names', () => {
    const add = singleNodeModel({ opType: 'Add', attrs: {}, inputs: [{ name: 'x', shape: [2, 3] }, { name: 'mask.1', shape: [2, 3] }], outputs: ['y'], outputShapes: [[2, 3]] }, 14);
    const source = generateModelFile(readSignature(add, 'two.onnx'), { onnxFile: 'two.onnx' });
    const { diagnostics, model } = checkModel(source, { files: files(add, 'two.onnx') });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(model!.layers[0].inputs.inputs.map((r) => [r.key?.name, r.source]), [['mask.1', 'mask_1']]);
  });
});
