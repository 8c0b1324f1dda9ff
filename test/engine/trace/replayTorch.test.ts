import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { StopInfo } from '../../../engine/protocol/session';
import type { InspectorView } from '../../../engine/protocol/views';
import { Session } from '../../../engine/session/session';
import { recordingSource } from '../../../engine/trace/replayOpen';
import { nodeChunkFiles } from '../../../extension/dap/chunkFiles';
import { ok } from '../session/session_support';
import { hasTorch, PYTHON } from '../../support/torch';

/**
 * Recordings of real PyTorch steps (test/python/record_case.py, python/backstep_torch) replayed by
 * the session: the NaN model stops where torch made the NaN, the LSTM shows its gates, the
 * Transformer its attention. Needs Debian's torch (/usr/bin/python3); installed in CI by the setup.
 */
const ROOT = path.resolve(__dirname, '../../..');


describe('replaying recordings made by the PyTorch recorder', function () {
  // Without torch these recordings cannot be made; test/engine/trace/replayFixture.test.ts replays the committed one.
  if (!hasTorch) return;
  this.timeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'backstep-replay-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  interface Expected {
    readonly nanOp: { op: string; module: string } | null;
    /** The LSTM's gate activations per recorded step, computed in Python from its weights: gate → [time step][unit]. */
    readonly steps: readonly { readonly gates: Readonly<Record<string, number[][]>> | null }[];
  }

  function session(name: string): { session: Session; expected: Expected } {
    const run = spawnSync(PYTHON, [path.join(ROOT, 'test/python/record_case.py'), name, dir], { encoding: 'utf8' });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const file = path.join(dir, `${name}.bstrace`);
    const s = Session.create('', file, { source: recordingSource(file, readFileSync(file, 'utf8'), nodeChunkFiles(file)) });
    assert.deepEqual(s.diagnostics, []);
    return { session: s, expected: JSON.parse(readFileSync(path.join(dir, `${name}.expected.json`), 'utf8')) };
  }

  it('stops with the NaN filter at the op torch produced the NaN in', () => {
    const { session: s, expected } = session('nan');
    s.start();
    const stop = ok<StopInfo>(s.continue());
    assert.equal(stop.exception?.filter, 'nan_inf');
    assert.equal(stop.location.op, expected.nanOp!.op);
    assert.equal(stop.location.layer, expected.nanOp!.module);
    assert.equal(stop.location.trainingStep, 1);
  });

  it('shows the gates of an nn.LSTM per time step: the activations after its in-place sigmoid_ and tanh_, as torch computes them', () => {
    const { session: s, expected } = session('lstm');
    s.start();
    ok(s.goto(1, { phase: 'loss' }));
    const gates = ok<InspectorView>(s.inspector()).gates;
    assert.equal(gates.length, 1);
    const [rnn] = gates;
    assert.equal(rnn.layer, 'rnn');
    assert.equal(rnn.cell, 'lstm');
    assert.deepEqual(rnn.gates.map((g) => [g.name, g.activation, g.steps, g.units]), [
      ['gate_i', 'sigmoid', 4, 4],
      ['gate_f', 'sigmoid', 4, 4],
      ['gate_g', 'tanh', 4, 4],
      ['gate_o', 'sigmoid', 4, 4],
    ]);
    const want = expected.steps[0].gates!;
    for (const g of rnn.gates) {
      assert.ok(g.computed.every(Boolean), `${g.name}: every time step reached`);
      const [low, high] = g.activation === 'sigmoid' ? [0, 1] : [-1, 1];
      for (const v of g.values) assert.ok(v > low && v < high, `${g.name}: ${v} outside (${low}, ${high}), a pre-activation`);
      const torch = want[g.name].flat();
      assert.equal(g.values.length, torch.length);
      g.values.forEach((v, k) => assert.ok(Math.abs(v - torch[k]) < 1e-6, `${g.name}[${k}]: ${v}, torch computed ${torch[k]}`));
    }
  });

  it('shows the gates of an nn.GRU (r, z and n) per time step', () => {
    const script = [
      'import sys, torch',
      `sys.path.insert(0, ${JSON.stringify(path.join(ROOT, 'python'))})`,
      'import backstep_torch',
      'class G(torch.nn.Module):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.rnn = torch.nn.GRU(3, 4, batch_first=True)',
      '        self.head = torch.nn.Linear(4, 2)',
      '    def forward(self, x):',
      '        return self.head(self.rnn(x)[0][:, -1])',
      'torch.manual_seed(0)',
      'm = G(); opt = torch.optim.SGD(m.parameters(), lr=0.1); x = torch.randn(2, 3, 3); y = torch.randn(2, 2)',
      `with backstep_torch.record(m, opt, ${JSON.stringify(path.join(dir, 'gru.bstrace'))}, steps=range(0, 1)):`,
      '    opt.zero_grad(); torch.nn.functional.mse_loss(m(x), y).backward(); opt.step()',
    ].join('\n');
    const run = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const file = path.join(dir, 'gru.bstrace');
    const s = Session.create('', file, { source: recordingSource(file, readFileSync(file, 'utf8'), nodeChunkFiles(file)) });
    s.start();
    ok(s.goto(1, { phase: 'loss' }));
    const [rnn] = ok<InspectorView>(s.inspector()).gates;
    assert.equal(rnn.cell, 'gru');
    assert.deepEqual(rnn.gates.map((g) => [g.name, g.activation, g.steps, g.units]), [
      ['gate_r', 'sigmoid', 3, 4],
      ['gate_z', 'sigmoid', 3, 4],
      ['gate_n', 'tanh', 3, 4],
    ]);
  });

  it('shows the attention weights of an nn.MultiheadAttention inside a Transformer encoder layer', () => {
    const { session: s } = session('transformer');
    s.start();
    ok(s.goto(1, { phase: 'loss' }));
    const attention = ok<InspectorView>(s.inspector()).attention;
    assert.deepEqual(
      attention.map((a) => [a.layer, a.node]),
      [['encoder/layers.0/self_attn', 'encoder/layers.0/self_attn/weights']],
    );
    const [head] = attention[0].heads;
    // Rows of a softmax: each sums to 1 (3 queries × 3 keys).
    for (let r = 0; r < 3; r++) assert.ok(Math.abs(head.values.slice(3 * r, 3 * r + 3).reduce((a, b) => a + b, 0) - 1) < 1e-6);
    assert.equal(ok<StopInfo>(s.continue()).reason, 'end');
  });
});
