import { fail } from '../../errors';
import { Tensor } from '../../tensor/tensor';
import type { AttrValue } from '../../model/attrs';
import { StateWire, type SlotValues, type Wire } from '../wire';

/** Reading a built layer's inputs and settings; a mismatch is an error naming the layer and slot. */

export function tensorIn(inputs: SlotValues, slot: string, layer: string): Tensor {
  const v = inputs[slot];
  if (v instanceof Tensor) return v;
  return fail('E_ARGUMENT', `input \`${slot}\` must be a tensor, got ${describeWire(v)}`, { layer });
}

export function optionalTensorIn(inputs: SlotValues, slot: string, layer: string): Tensor | undefined {
  return inputs[slot] === undefined ? undefined : tensorIn(inputs, slot, layer);
}

export function tensorsIn(inputs: SlotValues, slot: string, layer: string): Tensor[] {
  const v = inputs[slot];
  const list: readonly (Wire | undefined)[] = Array.isArray(v) ? v : [v as Wire | undefined];
  return list.map((w) => (w instanceof Tensor ? w : fail('E_ARGUMENT', `every input of \`${slot}\` must be a tensor, got ${describeWire(w)}`, { layer })));
}

export function stateIn(inputs: SlotValues, slot: string, layer: string): StateWire | undefined {
  const v = inputs[slot];
  if (v === undefined || v instanceof StateWire) return v;
  return fail('E_ARGUMENT', `input \`${slot}\` must be the final state of a recurrent layer, got ${describeWire(v)}`, { layer });
}

function describeWire(v: Wire | readonly Wire[] | undefined): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  return v instanceof StateWire ? 'a recurrent state' : `a tensor [${(v as Tensor).shape.join(',')}]`;
}

/** Settings as the checker filled them in (defaults and inferred sizes present). */
export class Attrs {
  constructor(
    private readonly attrs: Readonly<Record<string, AttrValue>>,
    private readonly layer: string,
  ) {}

  num(key: string): number {
    const v = this.attrs[key];
    return typeof v === 'number' ? v : fail('E_ATTR', `setting \`${key}\` must be a number, got ${JSON.stringify(v)}`, { layer: this.layer });
  }

  optionalNum(key: string): number | undefined {
    return this.attrs[key] === undefined ? undefined : this.num(key);
  }

  str(key: string): string {
    const v = this.attrs[key];
    return typeof v === 'string' ? v : fail('E_ATTR', `setting \`${key}\` must be a word, got ${JSON.stringify(v)}`, { layer: this.layer });
  }

  bool(key: string): boolean {
    const v = this.attrs[key];
    return typeof v === 'boolean' ? v : fail('E_ATTR', `setting \`${key}\` must be true or false, got ${JSON.stringify(v)}`, { layer: this.layer });
  }

  nums(key: string): number[] {
    const v = this.attrs[key];
    return Array.isArray(v) ? [...v] : fail('E_ATTR', `setting \`${key}\` must be a list of numbers, got ${JSON.stringify(v)}`, { layer: this.layer });
  }
}
