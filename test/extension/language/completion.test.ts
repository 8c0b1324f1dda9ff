import * as assert from 'node:assert/strict';
import { LAYER_KINDS } from '../../../engine/model/catalog';
import { OPTIMIZERS } from '../../../engine/model/catalog/training';
import { completionsAt } from '../../../extension/language/completion';
import { atCursor } from './cursor';

function labels(marked: string): string[] {
  const { text, line, character } = atCursor(marked);
  return completionsAt(text, line, character).map((c) => c.label);
}

function entry(marked: string, label: string) {
  const { text, line, character } = atCursor(marked);
  return completionsAt(text, line, character).find((c) => c.label === label);
}

describe('completion for model files (from the schema the parser obeys)', () => {
  it('top-level keys', () => {
    assert.deepEqual(labels('|'), ['name', 'description', 'seed', 'dtype', 'data', 'model', 'loss', 'training', 'debug', 'init']);
  });

  it('init takes from: a weights file', () => {
    assert.deepEqual(labels('init: { | }'), ['from']);
    assert.match(entry('init: { | }', 'from')?.documentation ?? '', /safetensors file of weights/);
  });

  it('every layer kind in a new list item under model, with its required settings as a snippet', () => {
    assert.deepEqual(labels('model:\n  - |').sort(), LAYER_KINDS.map((k) => k.kind).sort());
    const linear = entry('model:\n  - |', 'linear');
    assert.equal(linear?.insertText, 'linear: { out: ${1} }');
    assert.match(linear?.documentation ?? '', /fully connected[\s\S]*```latex\ny = x W\^\\top \+ b/);
    assert.equal(entry('model:\n  - |', 'tanh')?.insertText, 'tanh');
  });

  it('a layer\'s settings and inputs inside its braces', () => {
    const keys = labels('model:\n  - lstm: { hidden: 8, | }');
    for (const k of ['name', 'input', 'hidden', 'return']) assert.ok(keys.includes(k), `${k} in ${keys.join(', ')}`);
    assert.equal(entry('model:\n  - lstm: { | }', 'hidden')?.insertText, 'hidden: ');
  });

  it('enum values of a setting, and booleans', () => {
    assert.deepEqual(labels('model:\n  - linear: { out: 4, init: | }'), ['xavier', 'he', 'uniform']);
    assert.deepEqual(labels('model:\n  - linear: { bias: | }'), ['true', 'false']);
  });

  it('kinds of loss, optimizer and schedule, written bare', () => {
    assert.ok(labels('loss: |').includes('cross_entropy'));
    assert.deepEqual(labels('training:\n  optimizer: |').sort(), OPTIMIZERS.map((o) => o.kind).sort());
    assert.ok(labels('training:\n  schedule: |').includes('warmup_cosine'));
    assert.match(entry('training:\n  optimizer: |', 'adam')?.documentation ?? '', /bias correction[\s\S]*latex/);
  });

  it('settings of an optimizer and of a data task', () => {
    assert.deepEqual(labels('training:\n  optimizer: { adam: { | } }').sort(), ['beta1', 'beta2', 'eps']);
    assert.ok(labels('data:\n  task: { reverse: { | } }').includes('length'));
  });

  it('a data section offers safetensors and validation; validation offers its keys', () => {
    const keys = labels('data:\n  |');
    for (const key of ['npz', 'safetensors', 'validation']) assert.ok(keys.includes(key), key);
    assert.deepEqual(labels('data:\n  task: xor\n  validation: { | }').sort(), ['every', 'file', 'fraction']);
  });

  it('layer names where a layer input is expected', () => {
    const refs = labels('model:\n  - lstm: { name: encoder, hidden: 4 }\n  - lstm: { name: decoder, hidden: 4, state: | }');
    assert.deepEqual(refs, ['encoder', 'decoder']);
  });

  it('exception switches under debug.break_on', () => {
    assert.deepEqual(labels('debug:\n  break_on:\n    |'), ['nan_inf', 'exploding', 'vanishing', 'dead_relu']);
  });

  it('the replaced range starts at the typed word', () => {
    assert.equal(entry('training:\n  optimizer: ad|', 'adam')?.replaceFrom, 13);
  });

  it('nothing for an unknown place', () => {
    assert.deepEqual(labels('nonsense:\n  deeper: |'), []);
  });
});

describe('completion of kinds that need settings', () => {
  it('offers them as a flow mapping with the required settings', () => {
    const { text, line, character } = atCursor('training:\n  schedule: |');
    const warmup = completionsAt(text, line, character).find((c) => c.label === 'warmup_cosine');
    assert.equal(warmup?.insertText, '{ warmup_cosine: { warmup_steps: ${1} } }');
  });
});
