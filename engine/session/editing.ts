import { BackstepError } from '../errors';
import type { EvaluateResult } from '../protocol/values';
import type { Edit } from './edits';
import { readEdit } from './editTarget';
import { hyperparameterOf } from './extras';
import { formatNumber } from './format';
import type { SessionState } from './state';
import { evaluate, variables } from './variables';

/**
 * Makes an edit at the cursor (semantics in ./edits.ts): the timeline from the edit's step on is
 * rewritten and the cursor sought again, so the trainer recomputes the step with it. An edit that
 * makes an op fail is taken back and refused. Answers the target's new value, as Evaluate would.
 */
export function makeEdit(s: SessionState, target: string, value: string): EvaluateResult {
  if (s.trainer.readOnly) throw new BackstepError('E_ARGUMENT', s.trainer.readOnly);
  const edit = readEdit(s, target, value);
  const cursor = s.cursor;
  s.timeline.edits.add(edit);
  if (!s.rewrite(edit.at.step)) {
    const why = s.fault!.error.describe();
    s.timeline.edits.pop();
    s.cursor = cursor;
    s.rewrite(edit.at.step);
    throw new BackstepError('E_ARGUMENT', `the edit ${edit.text} was taken back: with it, ${why}`);
  }
  s.output.push(`Edit at step ${edit.at.step}: ${edit.text}${consequence(edit)}`);
  return answerOf(s, edit, target);
}

/** The target's new value as Evaluate shows it; a hyperparameter (clip is no name of the expressions) as its number. */
function answerOf(s: SessionState, edit: Edit, target: string): EvaluateResult {
  if (edit.target.kind !== 'hyper') return evaluate(s, target);
  return { value: formatNumber(hyperparameterOf(s.trainer, edit.target.name) ?? NaN, 6), type: 'number', ref: null };
}

/** Set Value on a row of the Variables view: the row's expression is the target. */
export function setVariable(s: SessionState, ref: string, name: string, value: string): EvaluateResult {
  const index = /^\[(\d+)\]$/.exec(name);
  const rows = index ? variables(s, ref, Number(index[1]), 1) : variables(s, ref);
  const row = rows.find((r) => r.name === name);
  if (!row) throw new BackstepError('E_ARGUMENT', `there is no variable named ${name} under ${ref}`);
  if (!row.expression) throw new BackstepError('E_ARGUMENT', `${name} cannot be set: it is a value the session shows, not a parameter, an activation, lr or clip`);
  return makeEdit(s, row.expression, value);
}

/** At a stop: the edits made after the cursor are undone (the user went back before them). */
export function undoEditsAfterCursor(s: SessionState): void {
  const dropped = s.timeline.edits.dropAfter(s.cursor);
  if (dropped.length === 0) return;
  s.rewrite(Math.min(...dropped.map((e) => e.at.step)));
  s.output.push(`Undid ${dropped.length === 1 ? 'the edit' : `${dropped.length} edits`} ${dropped.map((e) => e.text).join('; ')} (the cursor went back before ${dropped.length === 1 ? 'it' : 'them'})`);
}

function consequence(edit: Edit): string {
  const nonFinite = edit.values.some((v) => !Number.isFinite(v)) ? '; it is not finite: everything computed from it will be too' : '';
  const when = edit.after === 0 ? ` — step ${edit.at.step} ran again from its start with it` : ' — the updates from here on use it';
  return `${when}${nonFinite}`;
}
