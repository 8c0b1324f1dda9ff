import { strict as assert } from 'node:assert';
import type { FrameInfo } from '../../../engine/protocol/location';
import type { SessionResponse, StopInfo } from '../../../engine/protocol/session';
import type { EvaluateResult, TensorSlice, VariableView } from '../../../engine/protocol/values';
import { Session } from '../../../engine/session/session';
import { RECORDING_IS_FIXED, ReplayTrainer } from '../../../engine/trace/replay';
import { TraceError } from '../../../engine/trace/traceError';
import { mlpRecording, type MlpOptions } from './support/recording';
import { ok } from '../session/session_support';


function replaySession(options: MlpOptions = {}, cacheBytes?: number) {
  const rec = mlpRecording(options);
  const trainers: ReplayTrainer[] = [];
  const session = Session.create('', rec.reader.file, {
    source: () => {
      trainers.push(new ReplayTrainer(rec.reader, { cacheBytes }));
      return trainers[trainers.length - 1];
    },
  });
  return { session, trainers, ...rec };
}

/** `100 forward fc1/addmm` */
function at(r: SessionResponse): string {
  const l = ok<StopInfo>(r).location;
  return `${l.trainingStep} ${l.phase} ${l.node}`;
}

function frames(session: Session): string[] {
  return ok<FrameInfo[]>(session.stackTrace()).map((f) => f.name);
}

/** The Op scope's rows at the cursor, by name. */
function opRows(session: Session): Map<string, VariableView> {
  const scopes = ok<VariableView[]>(session.scopes());
  const op = scopes.find((s) => s.name === 'Op')!;
  return new Map(ok<VariableView[]>(session.variables(op.ref!)).map((v) => [v.name, v]));
}

/** Every value of a tensor at the cursor, as the tensorSlice request reads it. */
function numbers(session: Session, name: string): number[] {
  return [...ok<TensorSlice>(session.tensorSlice(name, 0, 1000)).values];
}

describe('replaying a recording (engine/trace/replay.ts)', () => {
  it('stops on entry at the first recorded op, with the recording’s own step number in the stop and the Call Stack', () => {
    const { session } = replaySession();
    const entry = ok<StopInfo>(session.start());
    assert.equal(entry.reason, 'entry');
    assert.match(entry.description, /step 100 \(1 of 3 recorded\)/);
    assert.equal(`${entry.location.trainingStep} ${entry.location.phase} ${entry.location.node}`, '1 forward fc1/addmm');
    assert.deepEqual(frames(session), ['fc1 (Linear)', 'forward', 'step 100']);
  });

  it('steps forward through the ops of every phase and back again', () => {
    const { session } = replaySession();
    session.start();
    const forward = [at(session.stepOver())];
    for (let i = 0; i < 7; i++) forward.push(at(session.stepOver()));
    assert.deepEqual(forward, [
      '1 forward act/relu',
      '1 forward fc2/addmm',
      '1 loss mse_loss',
      '1 backward MseLossBackward0',
      '1 backward fc2/AddmmBackward0',
      '1 backward act/ReluBackward0',
      '1 backward fc1/AddmmBackward0',
      '1 update update/fc1.weight',
    ]);
    const back = [at(session.stepBack()), at(session.stepBack()), at(session.stepBack())];
    assert.deepEqual(back, ['1 backward fc1/AddmmBackward0', '1 backward act/ReluBackward0', '1 backward fc2/AddmmBackward0']);
  });

  it('shows recorded values in Variables and Evaluate: op inputs and outputs, gradients sent, parameters before and after their update', () => {
    const { session, builder } = replaySession();
    const recorded = (id: string): number[] => Array.from(builder.stored.get(id)!.data);
    session.start();
    assert.deepEqual(numbers(session, 'fc1/addmm'), recorded('s100/f0/out0'));
    for (let i = 0; i < 4; i++) session.stepOver();
    assert.equal(at(session.stepOver()), '1 backward fc2/AddmmBackward0');
    const rows = opRows(session);
    assert.deepEqual([...rows.keys()], ['x0', 'x1', 'x2', 'y0', '∂L/∂x0 (sent)', '∂L/∂x1 (sent)', '∂L/∂x2 (sent)']);
    assert.equal(rows.get('x1')?.expression, 'fc2.weight');
    assert.equal(rows.get('y0')?.expression, 'fc2/AddmmBackward0');
    assert.deepEqual(numbers(session, 'fc2/AddmmBackward0'), recorded('s100/b1/out0'));
    assert.deepEqual(numbers(session, 'grad(fc2.weight)'), recorded('s100/g/fc2.weight'));
    // A parameter holds its recorded value before its update, the recorded result after it.
    assert.deepEqual(numbers(session, 'fc1.weight'), recorded('s100/u/fc1.weight/before'));
    ok(session.goto(1, { phase: 'update' }));
    assert.deepEqual(numbers(session, 'fc1.bias'), recorded('s100/u/fc1.bias/before'));
    assert.equal(at(session.stepOver()), '1 update update/fc1.bias');
    assert.deepEqual(numbers(session, 'fc1.weight'), recorded('s100/u/fc1.weight/after'));
    assert.deepEqual(numbers(session, 'fc1.bias'), recorded('s100/u/fc1.bias/after'));
    assert.deepEqual(numbers(session, 'fc2.weight'), recorded('s100/u/fc2.weight/before'));
    // Going back puts the values back (a snapshot of a recording is only a position).
    session.stepBack();
    assert.deepEqual(numbers(session, 'fc1.bias'), recorded('s100/u/fc1.bias/before'));
    assert.equal(at(session.stepBack()), '1 backward fc1/AddmmBackward0');
    assert.deepEqual(numbers(session, 'fc1.weight'), recorded('s100/u/fc1.weight/before'));
    ok(session.goto(3));
    assert.deepEqual(numbers(session, 'fc1.weight'), recorded('s102/u/fc1.weight/before'));
    assert.deepEqual(recorded('s102/u/fc1.weight/before'), recorded('s101/u/fc1.weight/after'));
  });

  it('stops with the NaN filter at the recorded op that produced a NaN, not at the ops it flows through', () => {
    const { session } = replaySession({ nanAt: 101 });
    session.start();
    const stop = ok<StopInfo>(session.continue());
    assert.equal(stop.reason, 'exception');
    assert.equal(stop.exception?.filter, 'nan_inf');
    assert.equal(`${stop.location.trainingStep} ${stop.location.node}`, '2 act/relu');
    assert.match(stop.description, /NaN produced by act\/relu \(aten::relu\)/);
    assert.deepEqual(frames(session), ['relu = aten::relu(…)', 'act (ReLU)', 'forward', 'step 101']);
  });

  it('answers an edit with the message that a recording cannot be edited, and stays usable', () => {
    const { session } = replaySession();
    session.start();
    const set = session.setExpression('fc1.weight[0, 0]', '1');
    assert.ok(!set.ok);
    assert.equal(set.error.message, RECORDING_IS_FIXED);
    assert.match(set.error.message, /^a recording cannot be edited: /);
    const scopes = ok<VariableView[]>(session.scopes());
    const variable = session.setVariable(scopes.find((s) => s.name === 'Training')!.ref!, 'lr', '0.5');
    assert.ok(!variable.ok);
    assert.match(variable.error.message, /a recording cannot be edited|cannot be set/);
    assert.equal(at(session.stepOver()), '1 forward act/relu');
  });

  it('ends when Continue goes past the last recorded step, and Reverse Continue goes back to the start', () => {
    const { session } = replaySession();
    session.start();
    const end = ok<StopInfo>(session.continue());
    assert.equal(end.reason, 'end');
    assert.match(end.description, /^The recording ends at step 102: all 3 recorded steps are done/);
    assert.equal(ok<StopInfo>(session.continue()).reason, 'end');
    const start = ok<StopInfo>(session.reverseContinue());
    assert.equal(start.location.trainingStep, 1);
    assert.equal(start.location.eventIndex, 0);
  });

  it('reads values only when asked, and holds at most its cache budget of them', () => {
    const { session, builder, trainers } = replaySession({}, 200);
    session.start();
    const readsAtEntry = builder.reads;
    session.continue();
    assert.ok(builder.reads > readsAtEntry, 'running to the end reads the values the history needs');
    assert.ok(trainers[0].cache.heldBytes <= 200, `held ${trainers[0].cache.heldBytes} bytes`);
    // A tensor still held is not read again.
    numbers(session, 'fc1.weight');
    const reads = builder.reads;
    numbers(session, 'fc1.weight');
    assert.equal(builder.reads, reads);
    numbers(session, 'fc2.weight');
    numbers(session, 'fc1.weight');
    assert.equal(builder.reads, reads + 1, 'both fit in the 200-byte budget: only fc2.weight is read');
    assert.ok(trainers[0].cache.heldBytes <= 200);
  });

  it('shows a statistics-only tensor by its recorded statistics and says so when its values are asked for', () => {
    const { session } = replaySession({ statsOnlyFc1: true });
    session.start();
    const value = ok<EvaluateResult>(session.evaluate('fc1/addmm'));
    assert.match(value.value, /^\[2,3\] float64 min .* \(statistics only\)$/);
    assert.equal(value.ref, null);
    const element = session.evaluate('fc1/addmm[0, 0]');
    assert.ok(!element.ok);
    assert.match(element.error.message, /only statistics were recorded for fc1\/addmm/);
  });

  it('gives gradient norms per module from the recorded gradients', () => {
    const { session, index } = replaySession();
    session.start();
    ok(session.goto(1, { phase: 'update' }));
    const view = ok<{ gradients: { layers: { layer: string; norm: number | null }[] } | null }>(session.inspector());
    const byLayer = new Map(view.gradients!.layers.map((l) => [l.layer, l.norm]));
    const norm = (names: string[]): number => Math.hypot(...names.map((n) => index.steps[0].events.flatMap((e) => (e.phase === 'update' && e.param === n ? [e.grad.stats.norm!] : []))[0]));
    assert.ok(Math.abs(byLayer.get('fc1')! - norm(['fc1.weight', 'fc1.bias'])) < 1e-12);
    assert.ok(Math.abs(byLayer.get('fc2')! - norm(['fc2.weight', 'fc2.bias'])) < 1e-12);
  });

  it('stops at a function breakpoint on a recorded op name', () => {
    const { session } = replaySession();
    const set = ok<{ verified: boolean }[]>(session.setFunctionBreakpoints([{ name: 'ReluBackward0' }]));
    assert.ok(set[0].verified);
    session.start();
    const stop = ok<StopInfo>(session.continue());
    assert.equal(stop.reason, 'breakpoint');
    assert.equal(stop.location.node, 'act/ReluBackward0');
    assert.equal(at(session.continue()), '2 backward act/ReluBackward0');
  });

  it('stops at a function breakpoint on a module, and on a step by the recording’s own number', () => {
    const { session } = replaySession();
    const set = ok<{ verified: boolean }[]>(session.setFunctionBreakpoints([{ name: 'fc2' }, { name: 'step 102' }]));
    assert.deepEqual(set.map((b) => b.verified), [true, true]);
    session.start();
    assert.equal(at(session.continue()), '1 forward fc2/addmm');
    assert.equal(at(session.continue()), '1 backward fc2/AddmmBackward0');
    assert.equal(at(session.continue()), '2 forward fc2/addmm');
    assert.equal(at(session.continue()), '2 backward fc2/AddmmBackward0');
    const step102 = ok<StopInfo>(session.continue());
    assert.equal(`${step102.location.trainingStep} ${step102.location.eventIndex}`, '3 0');
    assert.match(step102.description, /step 102/);
  });

  it('restarts from the first recorded step, keeping its function breakpoints', () => {
    const { session, trainers } = replaySession();
    ok(session.setFunctionBreakpoints([{ name: 'aten::relu' }]));
    session.start();
    ok(session.goto(3));
    const restarted = ok<StopInfo>(session.restart());
    assert.equal(restarted.reason, 'entry');
    assert.equal(restarted.location.trainingStep, 1);
    assert.equal(trainers.length, 2, 'a restart opens the recording again');
    assert.equal(at(session.continue()), '1 forward act/relu');
  });

  it('answers a value the reader cannot read with the reader’s located error, and stays usable', () => {
    const rec = mlpRecording();
    const reader = { ...rec.reader, values: () => { throw new TraceError(rec.reader.file, 'steps[0].events[0].outputs[0] ("s100/f0/out0")', 'chunk c0.safetensors is missing'); } };
    const session = Session.create('', reader.file, { source: () => new ReplayTrainer(reader) });
    session.start();
    const slice = session.tensorSlice('fc1/addmm', 0, 6);
    assert.ok(!slice.ok);
    assert.equal(slice.error.message, '/work/run.bstrace: steps[0].events[0].outputs[0] ("s100/f0/out0"): chunk c0.safetensors is missing');
    assert.equal(at(session.stepOver()), '1 forward act/relu');
  });
});
