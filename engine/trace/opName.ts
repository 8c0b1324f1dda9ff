/** `aten::addmm.default` → `addmm`; `AddmmBackward0` stays. */
export function localName(op: string): string {
  const bare = op.includes('::') ? op.slice(op.lastIndexOf('::') + 2) : op;
  const dot = bare.indexOf('.');
  return (dot > 0 ? bare.slice(0, dot) : bare) || 'op';
}

/** A recorded op as the engine's op of the same meaning: `aten::sigmoid_` → `sigmoid` (in place or not). */
export function engineOpName(op: string): string {
  return op.startsWith('aten::') ? localName(op).replace(/_$/, '') : op;
}
