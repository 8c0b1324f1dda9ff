import type { GradientsView } from '../../protocol/views';
import type { SessionState } from '../state';
import { layerGradNorms, layersReached, timeStepGradNormsSoFar } from '../summary';

/**
 * Gradient norms of this step so far: per layer, per time step of recurrent layers, and clipping;
 * null where the backward pass has not reached yet. Once clipping by norm has run, every gradient
 * was scaled by the same factor c, so the norms after clipping are c times the norms before (c = 1
 * when the global norm was within max_norm).
 */
export function gradientsView(s: SessionState): GradientsView | null {
  const o = s.timeline.outline;
  const phase = s.location().phase;
  if (!o || (phase !== 'backward' && phase !== 'update')) return null;
  const norms = layerGradNorms(s.trainer.layers);
  const reached = layersReached(s.trainer.layers);
  const layers = s.trainer.layers.filter((l) => l.name in norms).map((l) => ({ layer: l.name, norm: reached.has(l.name) ? norms[l.name] : null }));
  const result = s.timeline.results.find((r) => r?.kind === 'clip');
  const clip = result?.kind === 'clip' && result.mode === 'norm' ? result : null;
  const perTimeStep = Object.entries(timeStepGradNormsSoFar(o)).map(([layer, values]) => ({
    layer,
    norms: values,
    ...(clip ? { clippedNorms: values.map((n) => (n === null ? null : n * clip.factor)) } : {}),
  }));
  return { layers, perTimeStep, clip: clip ? { totalNorm: clip.totalNorm, maxNorm: clip.maxNorm } : null };
}
