import type { GradientsView } from '../../protocol/views';
import type { SessionState } from '../state';
import { layerGradNorms, timeStepGradNorms } from '../summary';

/** Gradient norms of this step so far: per layer, per time step of recurrent layers, and clipping. */
export function gradientsView(s: SessionState): GradientsView | null {
  const o = s.timeline.outline;
  const phase = s.location().phase;
  if (!o || (phase !== 'backward' && phase !== 'update')) return null;
  const norms = layerGradNorms(s.trainer.layers);
  const layers = s.trainer.layers.filter((l) => l.name in norms).map((l) => ({ layer: l.name, norm: norms[l.name] }));
  const perTimeStep = Object.entries(timeStepGradNorms(o)).map(([layer, values]) => ({ layer, norms: values }));
  const clip = s.timeline.results.find((r) => r?.kind === 'clip');
  return { layers, perTimeStep, clip: clip?.kind === 'clip' ? { totalNorm: clip.totalNorm, maxNorm: clip.maxNorm } : null };
}
