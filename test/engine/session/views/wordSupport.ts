import { strict as assert } from 'node:assert';
import type { InspectorView } from '../../../../engine/protocol/views';
import type { Location } from '../../../../engine/protocol/location';
import { Session } from '../../../../engine/session/session';
import { sampleFiles, sampleText } from '../../train/support';
import { ok, stop, tensorsOf } from '../session_support';

/** A session on a sample, stopped on entry. */
export function openSample(name: string): Session {
  const session = Session.create(sampleText(name), `${name}.nn.yaml`, { files: sampleFiles(name) });
  assert.deepEqual(session.diagnostics, []);
  stop(session.start());
  return session;
}

export const inspectorOf = (session: Session): InspectorView => ok<InspectorView>(session.inspector());

/** Step In (the finest step: one op) until the stop's location satisfies `at`. */
export function stepInUntil(session: Session, at: (l: Location) => boolean, limit = 2000): void {
  for (let i = 0; i < limit; i++) if (at(stop(session.stepIn()).location)) return;
  assert.fail('never reached the stop looked for');
}

/** A parameter's values now, as rows of `dim`. */
export function rowsOf(session: Session, name: string, dim: number): (k: number) => number[] {
  const data = tensorsOf(session).get(name);
  assert.ok(data, `no tensor ${name}`);
  return (k) => data.slice(k * dim, (k + 1) * dim);
}

export const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, x, i) => s + x * b[i], 0);
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
export const close = (a: number, b: number, what: string, tol = 1e-9): void => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} ≠ ${b}`);
