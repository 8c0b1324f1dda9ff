import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { nodeChunkFiles } from '../../extension/dap/chunkFiles';
import type { TraceOp, TraceReader, TraceStep, TraceTensor, TraceUpdate } from '../../engine/trace/format';
import { openTrace } from '../../engine/trace/read';
import { hasTorch, PYTHON } from '../support/torch';

/**
 * The recorder under torch.distributed: test/python/record_ddp.py trains a DistributedDataParallel MLP
 * in two processes (gloo on 127.0.0.1, every wait bounded) and each rank writes its own trace. DDP's
 * bucketed all-reduce is recorded through its comm hook, one backward op per bucket; the collectives
 * the script calls itself are ops of the module and phase they ran in. Needs Debian's torch.
 */
const ROOT = path.resolve(__dirname, '../..');
const PARAMS = ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias'];

interface Expected {
  readonly steps: readonly { loss: number; shared: number; losses: number[]; probe: number[]; grads: Record<string, number[]> }[];
  readonly final: Record<string, number[]>;
  readonly unrecorded: Record<string, number[]>;
}

interface Rank {
  readonly trace: TraceReader;
  readonly expected: Expected;
}

const values = (trace: TraceReader, t: TraceTensor) => [...trace.values(t).data];
const ops = (s: TraceStep) => s.events.filter((e): e is TraceOp => e.phase !== 'update');
const update = (s: TraceStep, param: string) => s.events.find((e): e is TraceUpdate => e.phase === 'update' && e.param === param)!;
/** The ops DDP's comm hook recorded: one per bucket, naming the parameters it holds. */
const buckets = (s: TraceStep) => ops(s).filter((e) => e.op === 'c10d::all_reduce' && e.paramGrads !== undefined);
/** The one op named `op` the script called itself (not a bucket). */
const only = (s: TraceStep, op: string) => {
  const found = ops(s).filter((e) => e.op === op && e.paramGrads === undefined);
  assert.equal(found.length, 1, `one ${op} in step ${s.step}`);
  return found[0];
};

/** |a − b| ≤ tol·(1 + |b|) elementwise. */
function close(name: string, ours: readonly number[], theirs: readonly number[], tol = 1e-6): void {
  assert.equal(ours.length, theirs.length, `${name}: ${ours.length} values, expected ${theirs.length}`);
  ours.forEach((v, i) => assert.ok(Math.abs(v - theirs[i]) <= tol * (1 + Math.abs(theirs[i])), `${name}[${i}]: ${v}, expected ${theirs[i]}`));
}

describe('the recorder under torch.distributed (two processes, gloo, DistributedDataParallel)', function () {
  if (!hasTorch) return;
  this.timeout(180_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'backstep-ddp-'));
  let ranks: Rank[] = [];
  before(() => {
    const run = spawnSync(PYTHON, [path.join(ROOT, 'test/python/record_ddp.py'), dir], { encoding: 'utf8', timeout: 150_000 });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    ranks = [0, 1].map((r) => {
      const file = path.join(dir, `ddp.rank${r}.bstrace`);
      return {
        trace: openTrace(file, readFileSync(file, 'utf8'), nodeChunkFiles(file)),
        expected: JSON.parse(readFileSync(path.join(dir, `ddp.rank${r}.expected.json`), 'utf8')) as Expected,
      };
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one trace per rank, named with the rank, recording the wrapped model (paths without `module.`)', () => {
    for (const [r, { trace }] of ranks.entries()) {
      assert.deepEqual([trace.index.rank, trace.index.worldSize], [r, 2]);
      assert.deepEqual(trace.index.steps.map((s) => s.step), [1, 2]);
      assert.deepEqual(trace.index.params.map((p) => p.name), PARAMS);
    }
  });

  it('ranks=[0]: rank 0 records (its trace named with its rank), rank 1 writes nothing', () => {
    const file = path.join(dir, 'chosen.rank0.bstrace');
    const trace = openTrace(file, readFileSync(file, 'utf8'), nodeChunkFiles(file));
    assert.deepEqual([trace.index.rank, trace.index.steps.map((s) => s.step)], [0, [3]]);
    assert.equal(buckets(trace.index.steps[0]).length, 3, 'the comm hook registered by the first recording records again');
    assert.ok(!existsSync(path.join(dir, 'chosen.rank1.bstrace')));
  });

  it('records each DDP bucket as a backward op of the innermost module holding its parameters, every parameter in one bucket', () => {
    for (const { trace } of ranks) {
      for (const s of trace.index.steps) {
        const found = buckets(s).map((b) => [b.phase, b.module, Object.keys(b.paramGrads!)]);
        assert.deepEqual(found, [['backward', 'fc2', ['fc2.bias']], ['backward', '', ['fc2.weight', 'fc1.bias']], ['backward', 'fc1', ['fc1.weight']]]);
      }
    }
  });

  it('a bucket\'s output is the average of both ranks\' inputs, its slices are each parameter\'s .grad as torch printed it and as the update recorded it', () => {
    const [zero, one] = ranks;
    for (const [k, s0] of zero.trace.index.steps.entries()) {
      const s1 = one.trace.index.steps[k];
      buckets(s0).forEach((b0, i) => {
        const b1 = buckets(s1)[i];
        const [in0, in1] = [values(zero.trace, b0.inputs[0]), values(one.trace, b1.inputs[0])];
        assert.notDeepEqual(in0, in1, 'each rank has its own data, so its own local gradient');
        close(`step ${s0.step} bucket ${i}: after = (rank 0 + rank 1) / 2`, values(zero.trace, b0.outputs[0]), in0.map((v, j) => (v + in1[j]) / 2));
        assert.deepEqual(values(one.trace, b1.outputs[0]), values(zero.trace, b0.outputs[0]), 'both ranks end with the same average');
      });
      for (const { trace, expected } of ranks) {
        const s = trace.index.steps[k];
        for (const p of PARAMS) {
          const averaged = buckets(s).flatMap((b) => (b.paramGrads![p] ? [values(trace, b.paramGrads![p])] : []));
          assert.equal(averaged.length, 1, `${p}: in one bucket`);
          assert.deepEqual(averaged[0], expected.steps[k].grads[p], `${p}: the averaged gradient is the .grad torch printed`);
          assert.deepEqual(values(trace, update(s, p).grad), averaged[0], `${p}: the update's gradient is the bucket's`);
        }
      }
    }
  });

  it('the local gradients the backward ops send each parameter are its slice of the bucket before the all-reduce', () => {
    for (const { trace } of ranks) {
      const s = trace.index.steps[0];
      for (const b of buckets(s)) {
        const before = values(trace, b.inputs[0]);
        let at = 0;
        for (const p of Object.keys(b.paramGrads!)) {
          const local = ops(s).filter((e) => e !== b && e.paramGrads?.[p]).map((e) => values(trace, e.paramGrads![p]));
          const sum = local.reduce((a, g) => a.map((v, j) => v + g[j]));
          close(`${p}: Σ local gradients = its slice of the bucket`, sum, before.slice(at, at + sum.length));
          at += sum.length;
        }
        assert.equal(at, before.length);
      }
    }
  });

  it('training is unchanged: the recorded model ends with the parameters of the same model trained unrecorded (4 steps, 3 recorded)', () => {
    for (const { expected } of ranks) for (const p of PARAMS) assert.deepEqual(expected.final[p], expected.unrecorded[p], p);
  });

  it('collectives called from Python are ops where they ran: all_reduce in module probe (forward), broadcast in the loss phase, all_gather after backward()', () => {
    const [zero, one] = ranks;
    for (const [k, s0] of zero.trace.index.steps.entries()) {
      const s1 = one.trace.index.steps[k];
      const [p0, p1] = [only(s0, 'c10d::all_reduce'), only(s1, 'c10d::all_reduce')].map((e) => {
        assert.deepEqual([e.phase, e.module], ['forward', 'probe']);
        return e;
      });
      const [i0, i1] = [values(zero.trace, p0.inputs[0]), values(one.trace, p1.inputs[0])];
      for (const [r, p] of [[zero, p0], [one, p1]] as const) {
        close('probe: all_reduce sums both ranks', values(r.trace, p.outputs[0]), i0.map((v, j) => v + i1[j]));
        close('probe: as torch printed', values(r.trace, p.outputs[0]), r.expected.steps[k].probe);
      }
      for (const { trace, expected } of ranks) {
        const s = trace.index.steps[k];
        const broadcast = only(s, 'c10d::broadcast');
        assert.deepEqual([broadcast.phase, broadcast.module], ['loss', '']);
        assert.deepEqual(values(trace, broadcast.outputs[0]), [expected.steps[k].shared], 'rank 0\'s loss on every rank');
        const gather = only(s, 'c10d::all_gather');
        assert.deepEqual([gather.phase, gather.module], ['backward', '']);
        assert.deepEqual(gather.outputs.map((t) => values(trace, t)[0]), expected.steps[k].losses);
        assert.ok(s.events.indexOf(gather) > s.events.indexOf(buckets(s).at(-1)!), 'after the last bucket');
      }
    }
  });
});
