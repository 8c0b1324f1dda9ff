import { strict as assert } from 'node:assert';
import { Session } from '../../../engine/session/session';
import { createTrainer } from '../../../engine/train';
import { sampleText } from '../train/support';
import { stop, tensorsOf, where } from './session_support';

/** Positions stepped back over (at op level), from the end of step 3. */
const BACK = 40;

/** A session over a sample that counts how often a training step begins (each replay begins one). */
function counted(name: string): { session: Session; begun: () => number } {
  let n = 0;
  const session = Session.create(sampleText(name), `${name}.nn.yaml`, {
    createTrainer: (model) => {
      const trainer = createTrainer(model);
      const begin = trainer.beginStep.bind(trainer);
      trainer.beginStep = () => {
        n++;
        return begin();
      };
      return trainer;
    },
  });
  return { session, begun: () => n };
}

describe('the timeline going back inside a training step', () => {
  for (const name of ['lstm-memory', 'attention-reverse']) {
    it(`${name}: Step Back op by op through the update and the end of the backward pass undoes events without replaying, and shows what it showed before`, () => {
      const { session, begun } = counted(name);
      stop(session.start());
      stop(session.goto(3));
      while (session.internals!.cursor.level !== 'op') stop(session.stepIn());
      const events = session.internals!.timeline.outline!.length;
      const seen: { at: string; tensors: Map<string, number[]> }[] = [];
      for (;;) {
        const s = stop(session.stepOver());
        if (s.location.trainingStep !== 3) break;
        if (events - s.location.eventIndex <= BACK) seen.push({ at: where(s), tensors: tensorsOf(session) });
      }
      assert.ok(seen.some((p) => p.at.includes('backward')) && seen.some((p) => p.at.includes('update')));
      let here = stop(session.stepBack());
      const before = begun();
      for (let i = seen.length - 1; i >= 0; i--) {
        assert.equal(where(here), seen[i].at);
        assert.deepEqual(tensorsOf(session), seen[i].tensors, `tensors differ at ${seen[i].at}`);
        if (i > 0) here = stop(session.stepBack());
      }
      assert.equal(begun(), before, 'a step back inside the step replayed it');
    }).timeout(60_000);
  }
});
