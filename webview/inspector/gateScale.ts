import type { GateActivation } from '../../engine/protocol';
import { scaleFor, type ScaleSpec } from '../shared/colorScale';

/** What a gate's values mean (the legend's unit), by the activation that made them. */
const UNITS: Readonly<Record<GateActivation, string>> = {
  sigmoid: 'activation σ (0 = closed … 1 = open)',
  tanh: 'value tanh (−1 … 1)',
  relu: 'value relu (0 … ∞)',
  leaky_relu: 'value leaky relu (unbounded)',
  elu: 'value elu (−1 … ∞)',
  silu: 'value silu (−0.28 … ∞)',
};

/**
 * The legend's unit and the colour scale of a gate's heatmap, from the activation the engine says
 * made it: σ's range is fixed at [0, 1]; tanh is signed, so it diverges around 0 even when this
 * step's values happen to be positive; relu's values start at 0. The others take the scale their
 * values suit. `values` are the computed cells only.
 */
export function gateScale(activation: GateActivation | null, values: readonly number[]): { unit: string; scale: ScaleSpec } {
  const unit = activation ? UNITS[activation] : 'value (no activation)';
  if (activation === 'sigmoid') return { unit, scale: { kind: 'sequential', min: 0, max: 1, accent: 'blue' } };
  const largest = values.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0);
  if (activation === 'tanh') return { unit, scale: { kind: 'diverging', absMax: largest || 1 } };
  if (activation === 'relu') return { unit, scale: { kind: 'sequential', min: 0, max: largest || 1, accent: 'blue' } };
  return { unit, scale: scaleFor(values) };
}
