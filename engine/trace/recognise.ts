import { localName } from './opName';

/**
 * Recorded ops the views know by name (engine/session/summary.ts reads `…/weights` as attention):
 * the softmax inside an `nn.MultiheadAttention` is its attention weights, named `<module>/weights`.
 * Every other op keeps its own local name (`aten::addmm` → `addmm`).
 */
const ROLES: readonly { readonly module: string; readonly op: RegExp; readonly name: string }[] = [{ module: 'MultiheadAttention', op: /^aten::_?softmax(\..*)?$/, name: 'weights' }];

export function recordedOpName(moduleType: string | undefined, op: string): string {
  return ROLES.find((r) => r.module === moduleType && r.op.test(op))?.name ?? localName(op);
}
