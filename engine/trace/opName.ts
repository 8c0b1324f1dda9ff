/** `aten::addmm.default` → `addmm`; `AddmmBackward0` stays. */
export function localName(op: string): string {
  const bare = op.includes('::') ? op.slice(op.lastIndexOf('::') + 2) : op;
  const dot = bare.indexOf('.');
  return (dot > 0 ? bare.slice(0, dot) : bare) || 'op';
}
