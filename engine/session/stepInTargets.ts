import type { StepInTarget } from '../protocol/session';
import { depthOf, type Level } from './cursor';
import { opFrameName } from './frames';
import type { EventInfo, StepOutline } from './outline';

/** A step-in target and the level Step In lands at: a scope frame's own depth, else the op. */
export interface StepInChoice extends StepInTarget {
  readonly level: Level;
}

/**
 * What Step In can go into from event i at a level: the parts of the cursor's group, in order —
 * runs of consecutive events in one scope one below the group's (a recurrent layer's time steps
 * `t0 … t{T−1}`, a module's sub-modules, an attention layer's heads, a block's sub-layers), and
 * each event outside such a scope as the op it is. A part that is a scope frame (a time step, a
 * module) is entered at its depth; any other at its first op. A group of one event, and an op, have
 * none.
 */
export function stepInChoices(o: StepOutline, i: number, level: Level): StepInChoice[] {
  const group = o.span(i, level);
  if (level === 'op' || group.end - group.start < 2) return [];
  const depth = depthOf(level);
  const below = depth === 0 ? 1 : o.events[i].frames[depth - 1].scope.length;
  const choices: StepInChoice[] = [];
  let last: readonly string[] | null = null;
  for (let j = group.start; j < group.end; j++) {
    const e = o.events[j];
    const part = partOf(e, below);
    if (part !== null && last !== null && samePath(part, last)) continue;
    last = part;
    if (part === null) choices.push({ id: j, label: opFrameName(e), level: 'op' });
    else choices.push({ id: j, label: part[part.length - 1], level: e.frames[depth]?.scope.length === part.length ? depth + 1 : 'op' });
  }
  return choices;
}

/** The scope one below `length` entries that holds the event (`memory` › `t5`, `heads` › `head0`), or null for an op directly in the group. */
function partOf(e: EventInfo, length: number): readonly string[] | null {
  const scope = e.node?.scope ?? [];
  return scope.length > length ? scope.slice(0, length + 1) : null;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, k) => x === b[k]);
}

/** The choices at the cursor, as a message names them (`t0, t1, …`), for an error. */
export function choicesText(choices: readonly StepInTarget[]): string {
  if (choices.length === 0) return 'there is nothing to step into here';
  const shown = choices.slice(0, 8).map((c) => `${c.id} (${c.label})`);
  return `the targets here are ${shown.join(', ')}${choices.length > 8 ? ` and ${choices.length - 8} more` : ''}`;
}
