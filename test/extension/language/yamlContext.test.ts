import * as assert from 'node:assert/strict';
import { contextAt, wordAt } from '../../../extension/language/yamlContext';
import { atCursor } from './cursor';

function ctx(marked: string) {
  const { text, line, character } = atCursor(marked);
  return contextAt(text, line, character);
}

describe('yamlContext: where the cursor stands in a model file', () => {
  it('at the top level, typing a key', () => {
    assert.deepEqual(ctx('name: x\ntra|'), { path: [], position: { kind: 'key' }, word: 'tra', wordStart: 0 });
  });

  it('a value at the top level', () => {
    assert.deepEqual(ctx('dtype: flo|'), { path: [], position: { kind: 'value', key: 'dtype' }, word: 'flo', wordStart: 7 });
  });

  it('a block mapping follows indentation up to its key', () => {
    const c = ctx('training:\n  optimizer: sgd\n  st|');
    assert.deepEqual(c?.path, ['training']);
    assert.deepEqual(c?.position, { kind: 'key' });
  });

  it('a new list item under model: a layer kind is typed', () => {
    assert.deepEqual(ctx('model:\n  - linear: { out: 4 }\n  - ta|')?.path, ['model', '-']);
    assert.deepEqual(ctx('model:\n- lin|')?.path, ['model', '-']);
  });

  it('inside a layer\'s flow settings, at a key and at a value', () => {
    const key = ctx('model:\n  - linear: { name: hidden, o|');
    assert.deepEqual(key?.path, ['model', '-', 'linear']);
    assert.deepEqual(key?.position, { kind: 'key' });
    assert.equal(key?.word, 'o');
    const value = ctx('model:\n  - linear: { out: 4, init: x|');
    assert.deepEqual(value?.path, ['model', '-', 'linear']);
    assert.deepEqual(value?.position, { kind: 'value', key: 'init' });
  });

  it('inside a layer\'s block settings, below the kind', () => {
    const c = ctx('model:\n  - word2vec:\n      name: w2v\n      arch|');
    assert.deepEqual(c?.path, ['model', '-', 'word2vec']);
    assert.deepEqual(c?.position, { kind: 'key' });
  });

  it('nested flow mappings (a task with settings) and flow lists', () => {
    assert.deepEqual(ctx('data:\n  task: { reverse: { len|')?.path, ['data', 'task', 'reverse']);
    const list = ctx('model:\n  - concat: { inputs: [decoder, at|');
    assert.deepEqual(list?.path, ['model', '-', 'concat', 'inputs', '-']);
    assert.deepEqual(list?.position, { kind: 'value', key: null });
  });

  it('after a closed flow mapping the outer mapping continues', () => {
    assert.deepEqual(ctx('data:\n  task: { xor: {} }, inp|')?.path, ['data']);
  });

  it('nothing in a comment', () => {
    assert.equal(ctx('model:  # the la|'), null);
  });

  it('blank and comment lines between do not break the chain', () => {
    assert.deepEqual(ctx('debug:\n\n  # switches\n  break_on:\n    nan|')?.path, ['debug', 'break_on']);
  });

  it('wordAt finds dotted names for hovers', () => {
    assert.deepEqual(wordAt('  input: encoder.state', 0, 12), { word: 'encoder.state', start: 9, end: 22 });
    assert.equal(wordAt('a:  ', 0, 3), null);
  });
});
