import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { FrameInfo } from '../../../engine/protocol/location';
import type { StopInfo } from '../../../engine/protocol/session';
import type { Cursor } from '../../../engine/session/cursor';
import { Session } from '../../../engine/session/session';
import { Trail } from '../../../engine/session/trail';
import { sampleText } from '../train/support';
import { ok, stop } from './session_support';

const cursor = (event: number, level: Cursor['level'] = 'op', step = 1): Cursor => ({ step, event, level });

describe('the trail of forward steps', () => {
  it('gives back where each step began, newest first, while the cursor is where the step ended', () => {
    const trail = new Trail();
    trail.push(cursor(0, 'layer'), cursor(0, 'op'));
    trail.push(cursor(0, 'op'), cursor(1, 'op'));
    assert.deepEqual(trail.back(cursor(1, 'op')), cursor(0, 'op'));
    assert.deepEqual(trail.back(cursor(0, 'op')), cursor(0, 'layer'));
    assert.equal(trail.back(cursor(0, 'layer')), null);
  });

  it('is dropped when the cursor has moved by other means', () => {
    const trail = new Trail();
    trail.push(cursor(0), cursor(1));
    trail.push(cursor(1), cursor(2));
    assert.equal(trail.back(cursor(7)), null);
    assert.equal(trail.length, 0);
  });

  it('ignores a step that did not move', () => {
    const trail = new Trail();
    trail.push(cursor(3, 'layer', 30), cursor(3, 'layer', 30));
    assert.equal(trail.length, 0);
  });

  it('rewound to a stop it passed (Restart Frame), retraces the moves made before that stop; rewound elsewhere, it is empty', () => {
    const trail = new Trail();
    trail.push(cursor(0, 'layer'), cursor(4, 'layer'));
    trail.push(cursor(4, 'layer'), cursor(4, 'op'));
    trail.push(cursor(4, 'op'), cursor(5, 'op'));
    trail.rewindTo(cursor(4, 'layer'));
    assert.equal(trail.length, 1);
    assert.deepEqual(trail.back(cursor(4, 'layer')), cursor(0, 'layer'));
    trail.push(cursor(0, 'layer'), cursor(4, 'layer'));
    trail.rewindTo(cursor(2, 'layer'));
    assert.equal(trail.length, 0);
  });

  it('keeps only the newest moves up to its bound', () => {
    const trail = new Trail(2);
    for (let i = 0; i < 5; i++) trail.push(cursor(i), cursor(i + 1));
    assert.equal(trail.length, 2);
    assert.deepEqual(trail.back(cursor(5)), cursor(4));
    assert.deepEqual(trail.back(cursor(4)), cursor(3));
    assert.equal(trail.back(cursor(3)), null);
  });
});

/** A stop as the user sees it: the position, the level and the Call Stack's frames. */
function seen(session: Session, s: StopInfo): string {
  const c = session.internals!.cursor;
  const frames = ok<readonly FrameInfo[]>(session.stackTrace()).map((f) => f.name);
  return `step ${s.location.trainingStep} event ${s.location.eventIndex} @${c.level}: ${frames.join(' ‹ ')}`;
}

describe('Step Back on the samples', function () {
  this.timeout(30_000);

  it('attention-reverse: from the first op of the loss’s backward pass (stepped into) back to the loss’s stop, not into the loss phase', () => {
    const session = Session.create(sampleText('attention-reverse'), 'attention-reverse.nn.yaml');
    stop(session.start());
    let s = stop(session.stepOver());
    while (s.location.phase !== 'backward') s = stop(session.stepOver());
    const layerStop = seen(session, s);
    assert.equal(s.location.layer, 'loss');
    assert.equal(session.internals!.cursor.level, 'layer');
    const into = stop(session.stepIn());
    assert.equal(session.internals!.cursor.level, 'op');
    assert.equal(into.location.phase, 'backward');
    const back = stop(session.stepBack());
    assert.equal(back.location.phase, 'backward');
    assert.equal(seen(session, back), layerStop);
  });

  it('after random walks of Step Over, Into and Out, as many Step Backs visit the same stops in reverse', () => {
    const samples = ['mlp-xor', 'attention-reverse', 'lstm-memory'];
    const sessions = new Map(samples.map((n) => [n, Session.create(sampleText(n), `${n}.nn.yaml`)]));
    const walk = fc.array(fc.constantFrom('stepOver', 'stepIn', 'stepOut') as fc.Arbitrary<'stepOver' | 'stepIn' | 'stepOut'>, { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.integer({ min: 1, max: 2 }), walk, (name, from, moves) => {
        const session = sessions.get(name)!;
        stop(session.restart());
        const visited = [seen(session, stop(session.goto(from)))];
        for (const m of moves) {
          const here = seen(session, stop(session[m]()));
          if (here !== visited.at(-1)) visited.push(here);
        }
        const back = visited.slice(0, -1).map(() => seen(session, stop(session.stepBack())));
        assert.deepEqual(back, visited.slice(0, -1).reverse());
      }),
      { seed: 1212, numRuns: 100 },
    );
  });
});
