import { getOp } from '../../engine/ops/registry';
import type { Trace, TraceEvent, TensorSummary } from '../../engine/train';

/**
 * A golden text trace: one line per event of a few training steps — phase, name, op, shape, min and
 * max (6 significant digits) — kept in the repo (test/golden/) and compared by a test, so any change
 * to what a sample computes shows up as a readable diff. Forward and loss lines describe the node's
 * output; backward lines the gradient sent to each input (`d<input>`); update lines the parameter
 * after its update.
 */
export function goldenText(trace: Trace, file: string): string {
  const lines = [`# ${file}: ${trace.model}, seed ${trace.seed}, ${trace.dtype}; the first ${trace.steps.length} training steps`, '# regenerate on purpose: UPDATE_GOLDEN=1 npx mocha test/tools/cli/golden.test.ts'];
  for (const step of trace.steps) {
    lines.push(`step ${step.step} lr ${num(step.lr)} loss ${num(step.loss)}`);
    for (const e of step.events) lines.push(eventLine(e));
  }
  return `${lines.join('\n')}\n`;
}

function eventLine(e: TraceEvent): string {
  if (e.kind === 'clip') return `update clip ${e.clip?.mode} total ${num(e.clip?.totalNorm ?? NaN)} factor ${num(e.clip?.factor ?? NaN)}`;
  if (e.kind === 'param') return `update ${e.name} ${e.update?.optimizer} ${e.update?.after ? range(e.update.after) : e.update?.skipped ?? '?'}`;
  const head = `${e.phase} ${e.name} ${e.op}`;
  if (e.phase !== 'backward') return `${head} ${e.outputs?.map(range).join(' ')}`;
  const names = inputNames(e.op ?? '', e.gradients?.length ?? 0);
  const grads = (e.gradients ?? []).flatMap((g, i) => (g ? [`d${names[i]} ${range(g)}`] : []));
  return `${head} ${grads.join(' ')}`;
}

function inputNames(op: string, n: number): string[] {
  const def = getOp(op);
  return Array.from({ length: n }, (_, i) => (def.variadic ? `${def.inputs[0]}${i}` : (def.inputs[i] ?? `${i}`)));
}

function range(t: TensorSummary): string {
  return `[${t.shape.join(',')}] ${num(t.min)} ${num(t.max)}`;
}

/** 6 significant digits; −0 prints as 0 so that a sign of zero never changes a golden file. */
function num(x: number | null): string {
  if (x === null || Number.isNaN(x)) return 'NaN';
  if (x === 0) return '0';
  return x.toPrecision(6);
}
