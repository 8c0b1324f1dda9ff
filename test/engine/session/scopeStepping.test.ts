import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { StepInTarget } from '../../../engine/protocol/session';
import { generateModelFile } from '../../../engine/onnx/generate';
import { readSignature } from '../../../engine/onnx/signature';
import { Session } from '../../../engine/session/session';
import { recordingSource } from '../../../engine/trace/replayOpen';
import { nodeChunkFiles } from '../../../extension/dap/chunkFiles';
import { sampleFiles, sampleText } from '../train/support';
import { ok, scopePath, stackOf, stop } from './session_support';

/**
 * Step Into enters module scopes: samples/onnx-transformer.nn.yaml is one `onnx` layer `reverser`
 * whose ops carry PyTorch's module path (`reverser/encoder/layers.0/self_attn/MatMul`), so its Call
 * Stack reads step › phase › reverser › encoder › layers.0 › self_attn › op, and every stepping
 * command works at each of those depths.
 */
function open(): Session {
  const session = Session.create(sampleText('onnx-transformer'), 'onnx-transformer.nn.yaml', { files: sampleFiles('onnx-transformer') });
  stop(session.start());
  return session;
}

const node = (s: Session) => s.internals!.location().node;
const targets = (s: Session) => ok<readonly StepInTarget[]>(s.stepInTargets());

function stepInto(s: Session, label: string): void {
  const t = targets(s).find((x) => x.label === label);
  assert.ok(t, `no step-in target ${label}: ${targets(s).map((x) => x.label).join(', ')}`);
  stop(s.handle({ command: 'stepIn', targetId: t.id }));
}

/** From the layer's stop into encoder › layers.0 › self_attn, by Step Into. */
function intoSelfAttn(s: Session): void {
  stepInto(s, 'encoder');
  stop(s.stepIn());
  stop(s.stepIn());
}

describe('stepping through the module scopes of an imported ONNX model', function () {
  this.timeout(60_000);

  it('Step Into goes from the layer into encoder, then layers.0, then self_attn, then its ops; each module is a frame carrying its kind and scope path', () => {
    const s = open();
    assert.equal(scopePath(s), 'reverser (onnx)');
    assert.deepEqual(
      targets(s).map((t) => t.label),
      ['embed', 'Add = add(…)', 'encoder', 'head'],
    );
    stepInto(s, 'encoder');
    assert.equal(scopePath(s), 'reverser (onnx) › encoder');
    stop(s.stepIn());
    assert.equal(scopePath(s), 'reverser (onnx) › encoder › layers.0');
    stop(s.stepIn());
    assert.equal(scopePath(s), 'reverser (onnx) › encoder › layers.0 › self_attn');
    const [attn, layer0] = stackOf(s);
    assert.deepEqual([attn.kind, attn.kind === 'module' && attn.scope], ['module', ['reverser', 'encoder', 'layers.0', 'self_attn']]);
    assert.deepEqual([layer0.kind, layer0.kind === 'module' && layer0.scope], ['module', ['reverser', 'encoder', 'layers.0']]);
    stop(s.stepIn());
    assert.equal(scopePath(s), 'reverser (onnx) › encoder › layers.0 › self_attn › Transpose = permute(…)');
    assert.equal(node(s), 'reverser/encoder/layers.0/self_attn/Transpose');
  });

  it('Step Over at a module level goes to the next sibling module (or the op alone between them), then on into the next layer of the encoder', () => {
    const s = open();
    intoSelfAttn(s);
    const seen: string[] = [];
    while (!scopePath(s).includes('layers.1')) {
      stop(s.stepOver());
      seen.push(stackOf(s)[0].name);
    }
    assert.deepEqual(seen, ['Add = add(…)', 'norm1', 'linear1', 'Relu = relu(…)', 'linear2', 'Add_1 = add(…)', 'norm2', 'self_attn']);
    assert.equal(scopePath(s), 'reverser (onnx) › encoder › layers.1 › self_attn');
  });

  it('Step Out goes to the first event after the enclosing scope, at its depth: self_attn’s op → layers.0’s next part → layers.1 → head → the loss', () => {
    const s = open();
    intoSelfAttn(s);
    stop(s.stepIn());
    const outs: string[] = [];
    for (let k = 0; k < 4; k++) {
      stop(s.stepOut());
      outs.push(scopePath(s));
    }
    assert.deepEqual(outs, [
      'reverser (onnx) › encoder › layers.0 › Add = add(…)',
      'reverser (onnx) › encoder › layers.1',
      'reverser (onnx) › head',
      'loss',
    ]);
  });

  it('Step Back retraces Into, Over and Out stop by stop, at the depths they were made', () => {
    const s = open();
    const stops = [scopePath(s)];
    intoSelfAttn(s);
    stops.push(scopePath(s));
    for (const move of ['stepIn', 'stepOver', 'stepOut', 'stepOver', 'stepOut'] as const) {
      stop(s[move]());
      stops.push(scopePath(s));
    }
    const back: string[] = [];
    for (let k = 0; k < 5; k++) {
      stop(s.stepBack());
      back.push(scopePath(s));
    }
    assert.deepEqual(back, stops.slice(1, -1).reverse());
  });

  it('without a trail, Step Back is positional at every depth: to the previous sibling module, from a first module up to its parent', () => {
    const s = open();
    intoSelfAttn(s);
    stop(s.stepOut());
    assert.equal(scopePath(s), 'reverser (onnx) › encoder › layers.1');
    s.internals!.trail.clear();
    stop(s.stepBack());
    assert.equal(scopePath(s), 'reverser (onnx) › encoder › layers.0');
    assert.equal(node(s), 'reverser/encoder/layers.0/self_attn/Transpose');
    stop(s.stepBack());
    assert.equal(scopePath(s), 'reverser (onnx) › encoder', 'layers.0 begins encoder: up to it, at the same op');
    stop(s.stepBack());
    assert.equal(scopePath(s), 'reverser (onnx) › Add = add(…)', 'the group before encoder at depth 1: the op alone between embed and encoder');
  });

  it('Step-In Targets of a module are its sub-modules and its own ops; Restart Frame on a module goes to its first op at its depth', () => {
    const s = open();
    stepInto(s, 'encoder');
    stop(s.stepIn());
    assert.deepEqual(
      targets(s).map((t) => t.label),
      ['self_attn', 'Add = add(…)', 'norm1', 'linear1', 'Relu = relu(…)', 'linear2', 'Add_1 = add(…)', 'norm2'],
    );
    stepInto(s, 'linear2');
    assert.equal(scopePath(s), 'reverser (onnx) › encoder › layers.0 › linear2');
    stop(s.stepIn());
    stop(s.stepOver());
    const layer0 = stackOf(s).find((f) => f.name === 'layers.0')!;
    assert.ok(layer0.canRestart);
    stop(s.restartFrame(layer0.id));
    assert.equal(scopePath(s), 'reverser (onnx) › encoder › layers.0');
    assert.equal(node(s), 'reverser/encoder/layers.0/self_attn/Transpose');
    assert.equal(s.internals!.cursor.level, 2);
  });

  it('the backward pass goes through the modules in reverse: head first, then encoder › layers.1 first', () => {
    const s = open();
    stop(s.goto(1, { phase: 'backward', layer: 'reverser' }));
    stop(s.stepIn());
    const firsts = [stackOf(s)[0].name];
    while (stackOf(s)[0].name !== 'encoder') {
      stop(s.stepOver());
      firsts.push(stackOf(s)[0].name);
    }
    assert.equal(firsts[0], 'head');
    stop(s.stepIn());
    assert.equal(scopePath(s), 'reverser (onnx) › encoder › layers.1');
    assert.equal(s.internals!.location().phase, 'backward');
  });
});

describe('stepping through a recording (test/fixtures/trace/mlp.bstrace)', function () {
  this.timeout(30_000);
  const FILE = path.join(__dirname, '../../fixtures/trace/mlp.bstrace');

  it('each module of the flat MLP is a layer: step › phase › module › op, entered by Step Into and left by Step Out', () => {
    const s = Session.create('', FILE, { source: recordingSource(FILE, readFileSync(FILE, 'utf8'), nodeChunkFiles(FILE)) });
    stop(s.start());
    assert.deepEqual(
      stackOf(s).map((f) => f.kind),
      ['layer', 'phase', 'step'],
    );
    stop(s.stepIn());
    assert.deepEqual(
      stackOf(s).map((f) => f.kind),
      ['op', 'layer', 'phase', 'step'],
    );
    assert.match(scopePath(s), /^fc1 \(Linear\) › /);
    stop(s.stepOut());
    assert.match(scopePath(s), /^act \(\w+\)$/);
    stop(s.stepBack());
    assert.match(scopePath(s), /^fc1 \(Linear\) › /);
  });
});

describe('stepping into an imported ONNX recurrent node (test/fixtures/onnx/lstm2*.onnx: two LSTM nodes under the module `rnn`)', function () {
  this.timeout(30_000);

  function openFixture(name = 'lstm2'): Session {
    const file = `${name}.onnx`;
    const bytes = readFileSync(path.join(__dirname, '../../fixtures/onnx', file));
    const text = generateModelFile(readSignature(bytes, file), { onnxFile: file, seed: 0 });
    const s = Session.create(text, `${name}.nn.yaml`, { files: new Map([[file, { ok: true, bytes }]]) });
    stop(s.start());
    return s;
  }

  it('each LSTM node is a module frame between its module path and its time steps: model › rnn › LSTM_1 › t3 › op', () => {
    const s = openFixture();
    assert.equal(scopePath(s), 'model (onnx)');
    stepInto(s, 'rnn');
    assert.equal(scopePath(s), 'model (onnx) › rnn');
    assert.ok(['LSTM', 'LSTM_1'].every((n) => targets(s).some((t) => t.label === n)), 'both nodes are step-in targets of rnn');
    stepInto(s, 'LSTM_1');
    assert.equal(scopePath(s), 'model (onnx) › rnn › LSTM_1');
    const [lstm] = stackOf(s);
    assert.deepEqual([lstm.kind, lstm.kind === 'module' && lstm.scope], ['module', ['model', 'rnn', 'LSTM_1']]);
    assert.deepEqual(
      targets(s).filter((t) => /^t\d+$/.test(t.label)).map((t) => t.label),
      ['t0', 't1', 't2', 't3'],
    );
    stepInto(s, 't3');
    stop(s.stepIn());
    assert.match(scopePath(s), /^model \(onnx\) › rnn › LSTM_1 › t3 › \w+ = \w+\(…\)$/);
    assert.match(node(s) ?? '', /^model\/rnn\/LSTM_1\/t3\//);
    stop(s.stepOut());
    assert.doesNotMatch(scopePath(s), /t3/, 'Step Out leaves the time step');
  });

  it('a bidirectional node has a module frame per direction: model › rnn › LSTM › reverse › t0 › op', () => {
    const s = openFixture('lstm2_bidirectional');
    stepInto(s, 'rnn');
    stepInto(s, 'LSTM');
    assert.deepEqual(
      targets(s).filter((t) => t.label === 'forward' || t.label === 'reverse').map((t) => t.label),
      ['forward', 'reverse'],
    );
    stepInto(s, 'reverse');
    assert.equal(scopePath(s), 'model (onnx) › rnn › LSTM › reverse');
    stepInto(s, 't0');
    stop(s.stepIn());
    assert.match(scopePath(s), /^model \(onnx\) › rnn › LSTM › reverse › t0 › \w+ = \w+\(…\)$/);
  });
});
