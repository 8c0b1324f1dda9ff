import { layerKind } from '../../engine/model/catalog';
import { findKind, LOSSES, OPTIMIZERS, SCHEDULES } from '../../engine/model/catalog/training';

/** The formula (LaTeX) of a kind named at `path`, from the engine's catalogue, when it has one. */
export function formulaOf(path: readonly string[], kind: string): string | undefined {
  const section = path[0];
  if (section === 'model') return layerKind(kind)?.formula;
  if (section === 'loss') return findKind(LOSSES, kind)?.formula;
  if (section === 'training' && path.includes('optimizer')) return findKind(OPTIMIZERS, kind)?.formula;
  if (section === 'training' && path.includes('schedule')) return findKind(SCHEDULES, kind)?.formula;
  return undefined;
}
