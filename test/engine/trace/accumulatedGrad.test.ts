import { strict as assert } from 'node:assert';
import type { InspectorView } from '../../../engine/protocol/views';
import { Session } from '../../../engine/session/session';
import { ReplayTrainer } from '../../../engine/trace/replay';
import { RecordingBuilder, recordingIndex } from './support/recording';
import { ok } from '../session/session_support';


const G1 = [0.5, -1];
const G2 = [2, 0.25];
const SUM = G1.map((g, i) => g + G2[i]);

/**
 * One step of a recurrent cell's weight `cell.w` used at two time steps: autograd records two
 * backward ops (`MmBackward0`), each sending its part of the gradient; `.grad` is their sum, as the
 * update then reads it. `statsOnly` keeps the second part as statistics only.
 */
function twoParts(statsOnly = false): Session {
  const b = new RecordingBuilder();
  const loss = b.tensor('s1/loss', [], [1]);
  const index = recordingIndex({ path: 'cell', type: 'Cell', params: ['cell.w'] }, {
    params: [{ name: 'cell.w', shape: [2], dtype: 'F32' }],
    optimizer: { type: 'SGD', hyper: { lr: 0.1 } },
    steps: [
      {
        step: 1,
        lr: 0.1,
        loss,
        events: [
          { phase: 'loss', op: 'aten::sum', module: '', inputs: [], outputs: [loss] },
          { phase: 'backward', op: 'MmBackward0', module: 'cell', inputs: [], outputs: [], paramGrads: { 'cell.w': b.tensor('s1/b0/out0', [2], G1) } },
          { phase: 'backward', op: 'MmBackward0', module: 'cell', inputs: [], outputs: [], paramGrads: { 'cell.w': b.tensor('s1/b1/out0', [2], G2, statsOnly) } },
          { phase: 'update', param: 'cell.w', before: b.tensor('s1/u/before', [2], [1, 1]), after: b.tensor('s1/u/after', [2], SUM.map((g) => 1 - 0.1 * g)), grad: b.tensor('s1/u/grad', [2], SUM), state: {} },
        ],
      },
    ],
  });
  const reader = b.reader(index);
  const session = Session.create('', reader.file, { source: () => new ReplayTrainer(reader) });
  ok(session.start());
  return session;
}

function cellNorm(session: Session): number | null {
  return ok<InspectorView>(session.inspector()).gradients?.layers.find((l) => l.layer === 'cell')?.norm ?? null;
}

describe('a parameter’s gradient sent in parts by several recorded backward ops', () => {
  it('is the sum of the parts so far: its norm after the first part, then after both', () => {
    const session = twoParts();
    ok(session.goto(1, { phase: 'backward' }));
    ok(session.stepIn());
    assert.equal(cellNorm(session), Math.hypot(...G1));
    ok(session.stepIn());
    assert.ok(Math.abs(cellNorm(session)! - Math.hypot(...SUM)) < 1e-12);
  });

  it('has an unknown norm, not one part’s, when a part was kept as statistics only', () => {
    const session = twoParts(true);
    ok(session.goto(1, { phase: 'update' }));
    assert.ok(Number.isNaN(cellNorm(session)));
  });
});
