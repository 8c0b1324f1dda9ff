import type { StepInTarget } from '../protocol/session';
import type { Level } from './cursor';
import { opFrameName } from './frames';
import type { EventInfo, StepOutline } from './outline';

/** A step-in target and the level Step In lands at: a time step's own level, else the op. */
export interface StepInChoice extends StepInTarget {
  readonly level: Level;
}

/**
 * What Step In can go into from event i at a level: the parts of the cursor's group, in order —
 * runs of consecutive events in one scope one below the group's (a recurrent layer's time steps
 * `t0 … t{T−1}`, an attention layer's heads, a block's sub-layers, a time step's nothing deeper),
 * and each event outside such a scope as the op it is. A group of one event, and an op, have none.
 */
export function stepInChoices(o: StepOutline, i: number, level: Level): StepInChoice[] {
  const group = o.span(i, level);
  if (level === 'op' || group.end - group.start < 2) return [];
  const depth = level === 'timestep' && o.events[i].timeScope ? o.events[i].timeScope!.split('/').length : 1;
  const choices: StepInChoice[] = [];
  let last: string | null = null;
  for (let j = group.start; j < group.end; j++) {
    const e = o.events[j];
    const part = partOf(e, depth);
    if (part !== null && part === last) continue;
    last = part;
    if (part === null) choices.push({ id: j, label: opFrameName(e), level: 'op' });
    else choices.push({ id: j, label: part.slice(part.lastIndexOf('/') + 1), level: part === e.timeScope ? 'timestep' : 'op' });
  }
  return choices;
}

/** The scope one below depth that holds the event (`memory/t5`, `heads/head0`), or null for an op directly in the group. */
function partOf(e: EventInfo, depth: number): string | null {
  const scope = e.node?.scope ?? [];
  return scope.length > depth ? scope.slice(0, depth + 1).join('/') : null;
}

/** The choices at the cursor, as a message names them (`t0, t1, …`), for an error. */
export function choicesText(choices: readonly StepInTarget[]): string {
  if (choices.length === 0) return 'there is nothing to step into here';
  const shown = choices.slice(0, 8).map((c) => `${c.id} (${c.label})`);
  return `the targets here are ${shown.join(', ')}${choices.length > 8 ? ` and ${choices.length - 8} more` : ''}`;
}
