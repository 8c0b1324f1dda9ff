import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { nodeChunkFiles } from '../../extension/dap/chunkFiles';
import type { TraceOp, TraceReader, TraceStep, TraceTensor, TraceUpdate } from '../../engine/trace/format';
import { openTrace } from '../../engine/trace/read';
import { recordedOptimizer } from '../../engine/trace/recordedOptimizer';
import { writeSafetensors } from '../../engine/weights/safetensorsWrite';
import { TWIN_MODELS, twinCase } from '../../tools/torch/case';
import { hasTorch, PYTHON } from '../support/torch';

/**
 * The recorder (python/backstep_torch) run by test/python/record_case.py on four small models, and its
 * recordings opened by engine/trace/read.ts: ops in order with their module paths, values equal to
 * what torch printed (the .expected.json the script writes beside), updates that follow the
 * optimizer's formula, a NaN found at the op that made it. Without torch only the committed fixture
 * (test/fixtures/trace/mlp.*, made by the same script) is checked.
 */
const ROOT = path.resolve(__dirname, '../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/trace');

interface Expected {
  readonly optimizer: string;
  readonly hyper: Record<string, number | number[]>;
  readonly nanOp: { op: string; module: string } | null;
  readonly steps: readonly { step: number; loss: number; lr: number; output: number[]; params: Record<string, { before: number[]; after: number[]; grad: number[] }> }[];
}

function recorded(name: string, dir: string): { trace: TraceReader; expected: Expected } {
  const file = path.join(dir, `${name}.bstrace`);
  const trace = open(file);
  return { trace, expected: JSON.parse(readFileSync(path.join(dir, `${name}.expected.json`), 'utf8')) as Expected };
}

function record(name: string): { trace: TraceReader; expected: Expected } {
  const dir = mkdtempSync(path.join(tmpdir(), 'backstep-record-'));
  const run = spawnSync(PYTHON, [path.join(ROOT, 'test/python/record_case.py'), name, dir], { encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  return recorded(name, dir);
}

function open(file: string): TraceReader {
  return openTrace(file, readFileSync(file, 'utf8'), nodeChunkFiles(file));
}

const values = (trace: TraceReader, t: Parameters<TraceReader['values']>[0]) => [...trace.values(t).data];
const ops = (s: TraceStep, phase: TraceOp['phase']) => s.events.filter((e): e is TraceOp => e.phase === phase);
const updates = (s: TraceStep) => s.events.filter((e): e is TraceUpdate => e.phase === 'update');

/** |a − b| ≤ tol·(1 + |b|) elementwise: float32 arithmetic redone in float64. */
function close(name: string, ours: readonly number[], theirs: readonly number[], tol = 1e-5): void {
  assert.equal(ours.length, theirs.length, `${name}: ${ours.length} values, expected ${theirs.length}`);
  ours.forEach((v, i) => assert.ok(Math.abs(v - theirs[i]) <= tol * (1 + Math.abs(theirs[i])), `${name}[${i}]: ${v}, expected ${theirs[i]}`));
}

/** The (op, module) pairs in order, those of `want` appearing as a subsequence. */
function inOrder(events: readonly TraceOp[], want: readonly [string, string][]): void {
  let at = 0;
  for (const e of events) if (at < want.length && e.op === want[at][0] && e.module === want[at][1]) at++;
  assert.equal(at, want.length, `ops in order: found ${JSON.stringify(want.slice(0, at))}, then not ${JSON.stringify(want[at])} in ${JSON.stringify(events.map((e) => [e.op, e.module]))}`);
}

/** What every recording must show: torch's loss, output, parameters and gradients, and ∑ paramGrads = grad. */
function agreesWithTorch({ trace, expected }: { trace: TraceReader; expected: Expected }): void {
  assert.deepEqual(trace.index.steps.map((s) => s.step), expected.steps.map((s) => s.step));
  assert.equal(trace.index.optimizer?.type, expected.optimizer);
  trace.index.steps.forEach((s, i) => {
    const want = expected.steps[i];
    assert.deepEqual(values(trace, s.loss), [want.loss], `step ${s.step}: the loss torch printed`);
    assert.equal(s.lr, want.lr);
    const lossOp = ops(s, 'loss').find((e) => e.outputs.includes(s.loss))!;
    assert.ok(lossOp, `step ${s.step}: the loss is the output of a loss-phase op`);
    assert.deepEqual(values(trace, lossOp.inputs[0]), want.output, `step ${s.step}: the model's output, as torch printed it`);
    assert.deepEqual(updates(s).map((u) => u.param).sort(), Object.keys(want.params).sort());
    for (const u of updates(s)) {
      const p = want.params[u.param];
      assert.deepEqual(values(trace, u.before), p.before, `${u.param} before`);
      assert.deepEqual(values(trace, u.after), p.after, `${u.param} after`);
      assert.deepEqual(values(trace, u.grad), p.grad, `${u.param} grad`);
      const parts = ops(s, 'backward').flatMap((e) => (e.paramGrads?.[u.param] ? [values(trace, e.paramGrads[u.param])] : []));
      assert.ok(parts.length > 0, `${u.param}: a backward op names its gradient`);
      close(`${u.param}: the sum of the gradients backward ops send it`, parts.reduce((a, b) => a.map((v, k) => v + b[k])), p.grad);
    }
  });
}

/** Each module's `source` is the file (ending as given) and line of its class's `def forward`. */
function forwardSources(trace: TraceReader, files: Record<string, string>): void {
  for (const [module, file] of Object.entries(files)) {
    const source = trace.index.modules.find((m) => m.path === module)?.source;
    if (!source) assert.fail(`module '${module}' has no source`);
    assert.ok(source.file.endsWith(file), `module '${module}': source ${source.file}, expected in …/${file}`);
    const line = readFileSync(source.file, 'utf8').split('\n')[source.line - 1];
    assert.match(line, /^\s*def forward\(/, `module '${module}': line ${source.line} of ${source.file}`);
  }
}

function sgdMomentum(trace: TraceReader, lr: number, momentum: number): void {
  let previous: Map<string, number[]> | null = null;
  for (const s of trace.index.steps) {
    const buffers = new Map<string, number[]>();
    for (const u of updates(s)) {
      const [before, after, grad, buf] = [values(trace, u.before), values(trace, u.after), values(trace, u.grad), values(trace, u.state.momentum_buffer)];
      close(`${u.param} after = before − lr·buf`, after, before.map((b, k) => b - lr * buf[k]));
      const old = previous?.get(u.param);
      if (old) close(`${u.param} buf = momentum·buf′ + grad`, buf, old.map((b, k) => momentum * b + grad[k]));
      buffers.set(u.param, buf);
    }
    previous = buffers;
  }
}

/** Adam (decoupled weight decay for AdamW): the recorded m and v give the recorded step; steps count from 0, so t = step + 1. */
function adam(trace: TraceReader, expected: Expected, decoupled: boolean): void {
  const { lr, eps, weight_decay: wd } = expected.hyper as Record<string, number>;
  const [b1, b2] = expected.hyper.betas as number[];
  for (const s of trace.index.steps) {
    const t = s.step + 1;
    for (const u of updates(s)) {
      const [before, after, m, v] = [values(trace, u.before), values(trace, u.after), values(trace, u.state.exp_avg), values(trace, u.state.exp_avg_sq)];
      const decayed = decoupled ? before.map((b) => b * (1 - lr * wd)) : before;
      const step = m.map((mk, k) => (lr * (mk / (1 - b1 ** t))) / (Math.sqrt(v[k] / (1 - b2 ** t)) + eps));
      close(`${u.param} after (Adam, t=${t})`, after, decayed.map((b, k) => b - step[k]), 1e-4);
    }
  }
}

describe('the recorder (python/backstep_torch) and its recordings read by openTrace', () => {
  it('the committed fixture test/fixtures/trace/mlp.bstrace agrees with what torch printed when it was made', () => {
    const fixture = recorded('mlp', FIXTURE);
    agreesWithTorch(fixture);
    sgdMomentum(fixture.trace, 0.1, 0.9);
  });

  if (!hasTorch) return;

  it('MLP (SGD with momentum): forward ops by module, backward ops in reverse, updates by the SGD formula', () => {
    const run = record('mlp');
    agreesWithTorch(run);
    sgdMomentum(run.trace, 0.1, 0.9);
    const s = run.trace.index.steps[0];
    inOrder(ops(s, 'forward'), [['aten::addmm', 'fc1'], ['aten::tanh', 'act'], ['aten::addmm', 'fc2']]);
    inOrder(ops(s, 'loss'), [['aten::mse_loss', '']]);
    inOrder(ops(s, 'backward'), [['MseLossBackward0', ''], ['AddmmBackward0', 'fc2'], ['TanhBackward0', 'act'], ['AddmmBackward0', 'fc1']]);
    const firstBackward = s.events.findIndex((e) => e.phase === 'backward');
    assert.ok(s.events.slice(0, firstBackward).every((e) => e.phase !== 'update'), 'forward, loss, backward, then updates');
    forwardSources(run.trace, { '': 'test/python/record_case.py', fc1: 'torch/nn/modules/linear.py', act: 'torch/nn/modules/activation.py' });
  });

  it('LSTM (Adam): the gate ops run in module rnn, their gradients are attributed to it', () => {
    const run = record('lstm');
    agreesWithTorch(run);
    adam(run.trace, run.expected, false);
    const s = run.trace.index.steps[0];
    inOrder(ops(s, 'forward'), [['aten::sigmoid_', 'rnn'], ['aten::tanh_', 'rnn'], ['aten::addmm', 'head']]);
    assert.ok(ops(s, 'backward').some((e) => e.module === 'rnn' && e.op === 'SigmoidBackward0'), 'a sigmoid gate\'s backward in rnn');
  });

  it('TransformerEncoder (AdamW): attention ops in encoder.layers.0.self_attn, updates by the AdamW formula', () => {
    const run = record('transformer');
    agreesWithTorch(run);
    adam(run.trace, run.expected, true);
    const s = run.trace.index.steps[0];
    inOrder(ops(s, 'forward'), [['aten::_softmax', 'encoder.layers.0.self_attn'], ['aten::addmm', 'encoder.layers.0.linear1'], ['aten::native_layer_norm', 'encoder.layers.0.norm2'], ['aten::addmm', 'head']]);
    assert.ok(ops(s, 'backward').some((e) => e.module === 'encoder.layers.0.self_attn' && e.op === 'SoftmaxBackward0'));
  });

  it('a model producing NaN: the first op whose output has NaN is aten::log in module bad', () => {
    const run = record('nan');
    agreesWithTorch(run);
    for (const s of run.trace.index.steps) {
      const first = ops(s, 'forward').find((e) => e.outputs.some((t) => t.stats.nan > 0));
      assert.deepEqual(first && { op: first.op, module: first.module }, run.expected.nanOp);
      assert.ok(values(run.trace, first!.outputs[0]).some(Number.isNaN), 'the recorded values hold the NaN too');
      assert.equal(s.loss.stats.nan, 0, 'nan_to_num keeps the loss finite');
    }
  });

  describe('options (test/python/record_options.py)', () => {
    let dir = '';
    before(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'backstep-options-'));
      const run = spawnSync(PYTHON, [path.join(ROOT, 'test/python/record_options.py'), dir], { encoding: 'utf8' });
      assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    });

    it('full=["fc1"], max_elements=6: values for fc1\'s tensors of at most 6 elements and the loss, statistics for the rest', () => {
      const trace = open(path.join(dir, 'options.bstrace'));
      const all = trace.index.steps[0].events.flatMap((e) => (e.phase === 'update' ? [] : [...e.inputs, ...e.outputs].map((t) => ({ t, module: e.module }))));
      const loss = trace.index.steps[0].loss;
      assert.ok(loss.chunk !== undefined, 'the loss keeps its value whatever full says');
      const kept = all.filter(({ t }) => t.chunk !== undefined && t !== loss);
      assert.ok(kept.length > 0);
      for (const { t, module } of kept) {
        assert.equal(module, 'fc1', `${t.id} kept outside fc1`);
        assert.ok(t.shape.reduce((a, b) => a * b, 1) <= 6, `${t.id} [${t.shape.join(', ')}] kept above max_elements`);
      }
      assert.ok(all.some(({ t, module }) => module === 'fc2' && t.chunk === undefined && t.stats.norm !== null), 'fc2 has statistics only');
      const update = updates(trace.index.steps[0]).find((u) => u.param === 'fc2.weight')!;
      assert.throws(() => trace.values(update.after), /only its statistics were recorded/);
    });

    it('autocast to bfloat16: the ops\' outputs are recorded as BF16 and read back as torch printed them', () => {
      const trace = open(path.join(dir, 'bf16.bstrace'));
      const s = trace.index.steps[0];
      const last = ops(s, 'forward').filter((e) => e.module === 'fc2').at(-1)!;
      assert.equal(last.outputs[0].dtype, 'BF16');
      const expected = JSON.parse(readFileSync(path.join(dir, 'bf16.expected.json'), 'utf8')) as { output: number[] };
      assert.deepEqual(values(trace, last.outputs[0]), expected.output);
    });

    // float32 partial sums of 4,096 elements added in float64 are off by ~1e-8; one float32 reduction
    // over the million elements (the norm before) by ~1e-5.
    it('a tensor of a million elements: its mean, std and norm as its values give them (float64), to 1e-7', () => {
      const trace = open(path.join(dir, 'large.bstrace'));
      const weight = updates(trace.index.steps[0]).find((u) => u.param === 'weight')!;
      for (const t of [weight.before, weight.after, weight.grad]) {
        const v = values(trace, t);
        assert.equal(v.length, 1024 * 1024);
        const mean = v.reduce((a, b) => a + b, 0) / v.length;
        const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
        const norm = Math.sqrt(v.reduce((a, b) => a + b * b, 0));
        for (const [name, ours, want] of [['mean', t.stats.mean!, mean], ['std', t.stats.std!, std], ['norm', t.stats.norm!, norm]] as const) {
          assert.ok(Math.abs(ours - want) <= 1e-7 * Math.max(Math.abs(want), std), `${t.id} ${name}: ${ours}, its values give ${want}`);
        }
        assert.equal(t.stats.histogram!.counts.reduce((a, b) => a + b, 0), v.length, `${t.id}: every value in a bin`);
      }
    });

    it('SGD with nesterov=True: the index keeps PyTorch’s flags, and the Inspector shows the rule as recorded, not plain momentum', () => {
      const nesterov = open(path.join(dir, 'nesterov.bstrace')).index.optimizer!;
      assert.equal(nesterov.flags?.nesterov, true);
      assert.equal(nesterov.flags?.maximize, false);
      const shown = recordedOptimizer(nesterov)!;
      assert.match(shown.formula, /mathrm\{SGD\}\(\\theta, g\)/);
      assert.deepEqual(shown.hyperparams.find((h) => h.name === 'nesterov')?.value, true);
      const plain = recordedOptimizer(open(path.join(dir, 'options.bstrace')).index.optimizer)!;
      assert.equal(plain.hyperparams.find((h) => h.name === 'nesterov')?.value, false);
      assert.doesNotMatch(plain.formula, /mathrm\{SGD\}/, 'plain SGD: the engine’s rule');
    });

    it('torch.distributed (gloo, world size 1): all_reduce is a backward op c10d::all_reduce; ranks=[1] records nothing on rank 0', () => {
      const trace = open(path.join(dir, 'dist.bstrace'));
      assert.deepEqual([trace.index.rank, trace.index.worldSize], [0, 1]);
      const reduces = ops(trace.index.steps[0], 'backward').filter((e) => e.op === 'c10d::all_reduce');
      assert.equal(reduces.length, trace.index.params.length, 'one per parameter\'s gradient');
      const expected = JSON.parse(readFileSync(path.join(dir, 'dist.expected.json'), 'utf8')) as { rank1Written: boolean };
      assert.equal(expected.rank1Written, false);
    });
  });

  it('the GPU path, counted on CPU (record_transfers.py): statistics move a few numbers per tensor to the host, kept values move once', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'backstep-transfers-'));
    const run = spawnSync(PYTHON, [path.join(ROOT, 'test/python/record_transfers.py'), dir], { encoding: 'utf8' });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    type Moved = { largest: number; total: number; calls: number };
    const moved = JSON.parse(run.stdout) as { stats: Moved; full: Moved };
    const entries = (name: string) => {
      const trace = open(path.join(dir, `${name}.bstrace`));
      const unique = new Map<string, TraceTensor>();
      for (const s of trace.index.steps) {
        for (const e of s.events) {
          const ts = e.phase === 'update' ? [e.before, e.after, e.grad, ...Object.values(e.state)] : [...e.inputs, ...e.outputs, ...Object.values(e.paramGrads ?? {})];
          for (const t of ts) unique.set(t.id, t);
        }
      }
      return [...unique.values()].map((t) => ({ kept: t.chunk !== undefined, elements: t.shape.reduce((a, b) => a * b, 1) }));
    };
    const stats = entries('stats');
    const largest = Math.max(...stats.map((t) => t.elements));
    assert.equal(largest, 1024 * 1024);
    // A tensor of n elements sends its n/4096 row sums and row norms and its last n mod 4096 values.
    assert.ok(moved.stats.largest <= 4095 + 2 * Math.ceil(largest / 4096), `one transfer of ${moved.stats.largest} elements`);
    const all = stats.reduce((n, t) => n + t.elements, 0);
    assert.ok(moved.stats.total < all / 100, `${moved.stats.total} elements moved for ${all} recorded`);
    const kept = entries('full').filter((t) => t.kept).reduce((n, t) => n + t.elements, 0);
    assert.ok(moved.full.total >= kept && moved.full.total < kept + all / 100, `${moved.full.total} elements moved for ${kept} kept`);
  });

  it('python -m backstep_torch record train_plain.py --steps 2:4 -- 3: an unedited script recorded, its own argument passed on', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'backstep-cli-'));
    const out = path.join(dir, 'plain.bstrace');
    const run = spawnSync(PYTHON, ['-m', 'backstep_torch', 'record', path.join(ROOT, 'test/python/train_plain.py'), '--steps', '2:4', '--out', out, '--', '3'], {
      encoding: 'utf8', env: { ...process.env, PYTHONPATH: path.join(ROOT, 'python') },
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const printed = new Map([...run.stdout.matchAll(/^loss (\d+) (\S+)$/gm)].map((m) => [Number(m[1]), Number(m[2])]));
    assert.equal(printed.size, 5);
    const trace = open(out);
    assert.deepEqual(trace.index.steps.map((s) => s.step), [2, 3]);
    for (const s of trace.index.steps) assert.deepEqual(values(trace, s.loss), [printed.get(s.step)], `step ${s.step}'s loss as the script printed it`);
    inOrder(ops(trace.index.steps[0], 'forward'), [['aten::addmm', '0'], ['aten::relu', '1'], ['aten::addmm', '2']]);
  });

  it('cross-check: each PyTorch twin of a sample (tools/torch/twins.py), recorded from Backstep\'s weights, has Backstep\'s gradient for every parameter', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'backstep-twins-'));
    const grads = new Map<string, Map<string, readonly number[]>>();
    for (const m of TWIN_MODELS) {
      const tensors = twinCase(readFileSync(path.join(ROOT, m.file), 'utf8'));
      writeFileSync(path.join(dir, `${m.twin}.case.safetensors`), writeSafetensors(tensors));
      grads.set(m.twin, new Map(tensors.filter((t) => t.name.startsWith('grad/')).map((t) => [t.name.slice('grad/'.length), Array.from(t.data)])));
    }
    const run = spawnSync(PYTHON, [path.join(ROOT, 'test/python/record_twin.py'), dir, dir], { encoding: 'utf8' });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    for (const [twin, backstep] of grads) {
      const trace = open(path.join(dir, `${twin}.bstrace`));
      const s = trace.index.steps[0];
      assert.deepEqual(updates(s).map((u) => u.param).sort(), [...backstep.keys()].sort(), `${twin}: the same parameters`);
      for (const u of updates(s)) {
        close(`${twin} ${u.param}: recorded .grad vs Backstep`, values(trace, u.grad), backstep.get(u.param)!, 1e-9);
        const parts = ops(s, 'backward').flatMap((e) => (e.paramGrads?.[u.param] ? [values(trace, e.paramGrads[u.param])] : []));
        close(`${twin} ${u.param}: the backward ops' gradients vs Backstep`, parts.reduce((a, b) => a.map((v, k) => v + b[k])), backstep.get(u.param)!, 1e-9);
      }
    }
  });
});
