import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { FrameInfo } from '../../../engine/protocol/location';
import type { SessionResponse, StopInfo } from '../../../engine/protocol/session';
import type { TensorSlice } from '../../../engine/protocol/values';
import { Session } from '../../../engine/session/session';
import { recordingSource } from '../../../engine/trace/replayOpen';
import { nodeChunkFiles } from '../../../extension/dap/chunkFiles';
import { ok } from '../session/session_support';
import { hasTorch, PYTHON } from '../../support/torch';

/**
 * A rank's recording of DistributedDataParallel training (test/python/record_ddp.py, two processes on
 * gloo) replayed by the session: DDP's bucket all-reduces and the script's own collectives are ops
 * like any other, in the phase and module they ran in, and a bucket's op sets the averaged gradients.
 * Needs Debian's torch (/usr/bin/python3).
 */
const ROOT = path.resolve(__dirname, '../../..');


function at(r: SessionResponse): string {
  const l = ok<StopInfo>(r).location;
  return `${l.trainingStep} ${l.phase} ${l.layer} ${l.node} ${l.op}`;
}

describe('replaying a rank of a DistributedDataParallel recording', function () {
  if (!hasTorch) return;
  this.timeout(180_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'backstep-replay-ddp-'));
  let expected: { steps: { grads: Record<string, number[]>; losses: number[] }[] };
  let file = '';
  before(() => {
    const run = spawnSync(PYTHON, [path.join(ROOT, 'test/python/record_ddp.py'), dir], { encoding: 'utf8', timeout: 150_000 });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    file = path.join(dir, 'ddp.rank1.bstrace');
    expected = JSON.parse(readFileSync(path.join(dir, 'ddp.rank1.expected.json'), 'utf8'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const open = (): Session => {
    const s = Session.create('', file, { source: recordingSource(file, readFileSync(file, 'utf8'), nodeChunkFiles(file)) });
    assert.deepEqual(s.diagnostics, []);
    return s;
  };
  const values = (s: Session, name: string): number[] => [...ok<TensorSlice>(s.tensorSlice(name, 0, 100)).values];

  it('stops at each collective by its op name, in the phase and module it ran in', () => {
    const s = open();
    ok(s.setFunctionBreakpoints([{ name: 'c10d::all_reduce' }, { name: 'c10d::broadcast' }, { name: 'c10d::all_gather' }]));
    s.start();
    const stops: string[] = [];
    for (let r = ok<StopInfo>(s.continue()); r.reason === 'breakpoint' && r.location.trainingStep === 1; r = ok<StopInfo>(s.continue())) {
      stops.push(`${r.location.phase} ${r.location.layer} ${r.location.node}`);
    }
    // Step 1 of the recording also holds the broadcasts DDP ran itself in its first forward after the
    // hook was registered (c10d::broadcast_, its bucket rebuild): not stopped at by `c10d::broadcast`.
    assert.deepEqual(stops, [
      'forward probe probe/all_reduce',
      'loss loss broadcast',
      'backward fc2 fc2/all_reduce',
      'backward model all_reduce',
      'backward fc1 fc1/all_reduce',
      'backward model all_gather',
    ]);
  });

  it('a bucket\'s op leaves the averaged gradients in grad(p), as torch printed them; Step Back shows the rank\'s own', () => {
    const s = open();
    ok(s.setFunctionBreakpoints([{ name: 'c10d::all_reduce' }]));
    s.start();
    ok(s.continue()); // probe/all_reduce (forward)
    assert.equal(at(s.continue()), '1 backward fc2 fc2/all_reduce c10d::all_reduce');
    assert.equal(at(s.continue()), '1 backward model all_reduce c10d::all_reduce');
    const frames = ok<FrameInfo[]>(s.stackTrace()).map((f) => f.name);
    assert.deepEqual(frames.slice(-2), ['backward', 'step 1']);
    for (const p of ['fc1.bias', 'fc2.weight']) assert.deepEqual(values(s, `grad(${p})`), expected.steps[0].grads[p], `${p}: DDP's average`);
    ok(s.stepBack());
    const local = values(s, 'grad(fc1.bias)');
    assert.equal(local.length, expected.steps[0].grads['fc1.bias'].length);
    assert.notDeepEqual(local, expected.steps[0].grads['fc1.bias'], 'before the all-reduce, the rank\'s own gradient');
  });
});
