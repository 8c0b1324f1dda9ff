import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AttentionView, InspectorView } from '../../../engine/protocol/views';
import { Session } from '../../../engine/session/session';
import { ReplayTrainer } from '../../../engine/trace/replay';
import { recordingSource } from '../../../engine/trace/replayOpen';
import { nodeChunkFiles } from '../../../extension/dap/chunkFiles';
import { RecordingBuilder, recordingIndex } from './support/recording';
import { ok } from '../session/session_support';

/** Written by test/fixtures/trace/make_sdpa.py: fused attention ops with torch's q, k, v; q, k, mask and weights of example 0 beside it. */
const FILE = path.join(__dirname, '../../fixtures/trace/sdpa.bstrace');
interface Case {
  readonly op: string;
  readonly isCausal: boolean;
  /** B, H, L, S, E. */
  readonly shape: readonly [number, number, number, number, number];
  readonly q: number[];
  readonly k: number[];
  readonly mask: { readonly kind: 'additive' | 'bool'; readonly shape: number[]; readonly values: number[] } | null;
  readonly weights: number[];
}
const EXPECTED = JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/trace/sdpa.expected.json'), 'utf8')) as Record<string, Case>;


function open(): Session {
  const session = Session.create('', FILE, { source: recordingSource(FILE, readFileSync(FILE, 'utf8'), nodeChunkFiles(FILE)) });
  ok(session.start());
  return session;
}

/**
 * softmax(q·kᵀ/√E + M) of example 0, head by head, written out: M is the mask broadcast from its
 * shape to (B, H, L, S) (a boolean one as 0 / −∞), −∞ above the diagonal when causal.
 */
function softmaxWeights(c: Case): number[] {
  const [, H, L, S, E] = c.shape;
  const out: number[] = [];
  for (let h = 0; h < H; h++) {
    for (let i = 0; i < L; i++) {
      const row: number[] = [];
      for (let j = 0; j < S; j++) {
        let dot = 0;
        for (let e = 0; e < E; e++) dot += c.q[(h * L + i) * E + e] * c.k[(h * S + j) * E + e];
        row.push(c.isCausal && j > i ? -Infinity : dot / Math.sqrt(E) + maskTerm(c, i, j));
      }
      const max = Math.max(...row);
      const exp = row.map((x) => Math.exp(x - max));
      const z = exp.reduce((a, b) => a + b, 0);
      out.push(...exp.map((x) => x / z));
    }
  }
  return out;
}

function maskTerm(c: Case, i: number, j: number): number {
  if (!c.mask) return 0;
  const S = c.shape[3];
  // The fixture's masks are (L, S) and (B, 1, L, S): for example 0 and every head, their first L·S values.
  const m = c.mask.values[i * S + j];
  return c.mask.kind === 'bool' ? (m ? 0 : -Infinity) : m;
}

function close(actual: readonly number[], expected: readonly number[], what: string): void {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) <= 1e-6, `${what}[${i}]: ${x} ≠ ${expected[i]}`));
}

function attentionOf(session: Session, layer: string): AttentionView {
  const view = ok<InspectorView>(session.inspector()).attention.find((a) => a.layer === layer);
  return view ?? assert.fail(`no attention view of ${layer}`);
}

describe('attention of PyTorch’s fused scaled_dot_product_attention kernels in a recording (test/fixtures/trace/sdpa.bstrace)', () => {
  for (const layer of ['self_attn', 'cross', 'masked']) {
    it(`${layer}: ${EXPECTED[layer].op} — the weights are softmax(q·kᵀ/√E + mask) of its recorded q and k, head by head`, () => {
      const session = open();
      ok(session.goto(1, { phase: 'loss' }));
      const c = EXPECTED[layer];
      const view = attentionOf(session, layer);
      assert.equal(view.node, `${layer}/${c.op.slice('aten::'.length)}`);
      assert.equal(view.heads.length, c.shape[1]);
      assert.ok(view.heads.every((h) => h.computed));
      const shown = view.heads.flatMap((h) => h.values);
      close(shown, softmaxWeights(c), `${layer} weights`);
      close(shown, c.weights, `${layer} weights as torch computed them`);
      assert.equal(view.fused?.computed, true);
      assert.match(view.fused.text, /computed from the recorded q and k/i);
      assert.equal(/causal \(is_causal/.test(view.fused.text), c.isCausal, 'is_causal read from the recorded output');
    });
  }

  it('says that the weights were not recorded when q and k were kept as statistics only', () => {
    const session = open();
    ok(session.goto(1, { phase: 'loss' }));
    const view = attentionOf(session, 'summary');
    assert.deepEqual(view.heads, []);
    assert.equal(view.fused?.computed, false);
    assert.match(view.fused.text, /weights were not recorded.*statistics only/);
  });

  it('labels a fused kernel’s tensors as PyTorch names them, with the rule it computes', () => {
    const session = open();
    const op = ok<InspectorView>(session.inspector()).op!;
    assert.equal(op.node, 'self_attn/_scaled_dot_product_flash_attention_for_cpu');
    assert.deepEqual(
      [op.inputs.map((t) => t.role), op.outputs.map((t) => t.role)],
      [
        ['q', 'k', 'v'],
        ['out', 'logsumexp'],
      ],
    );
    assert.match(op.formula, /softmax/);
  });

  it('computes nothing before the cursor reaches the op', () => {
    const session = open();
    const view = attentionOf(session, 'cross');
    assert.deepEqual(
      view.heads.map((h) => h.computed),
      [false],
    );
    assert.ok(view.heads[0].values.every((x) => x === 0));
    assert.equal(view.fused?.computed, false);
  });

  it('describes an attention too large to draw (200 queries × 200 keys) instead of sending it', () => {
    const b = new RecordingBuilder();
    const x = Array.from({ length: 200 }, (_, i) => i / 200);
    const [q, k, v] = ['in0', 'in1', 'in2'].map((id) => b.tensor(`s1/f0/${id}`, [1, 1, 200, 1], x));
    const loss = b.tensor('s1/loss', [], [0]);
    const reader = b.reader(recordingIndex({ path: 'attn', type: 'MultiheadAttention' }, {
      torch: '2.1.0',
      params: [],
      optimizer: null,
      steps: [{ step: 1, lr: 0, loss, events: [{ phase: 'forward', op: 'aten::_scaled_dot_product_flash_attention_for_cpu', module: 'attn', inputs: [q, k, v], outputs: [b.tensor('s1/f0/out0', [1, 1, 200, 1], x)] }, { phase: 'loss', op: 'aten::sum', module: '', inputs: [], outputs: [loss] }] }],
    }));
    const session = Session.create('', reader.file, { source: () => new ReplayTrainer(reader) });
    ok(session.start());
    ok(session.goto(1, { phase: 'loss' }));
    const view = attentionOf(session, 'attn');
    assert.deepEqual(view.heads, []);
    assert.match(view.fused?.text ?? '', /200 queries × 200 keys per head: too large to draw/);
  });
});
