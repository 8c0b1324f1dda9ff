import type { Rng } from '../random';
import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import type { DataSet, FieldInfo } from './dataset';
import { labelField, labelInfo, type LabelForm } from './labels';

/** 2-D classification sets: x (N,2) points, y their classes (see `labels.ts` for the forms). */
export interface BlobsOptions {
  points: number;
  classes: number;
  /** Standard deviation of each blob around its centre. */
  spread: number;
  labels: LabelForm;
}

export interface SpiralsOptions {
  points: number;
  classes: number;
  /** How many times each arm winds round the centre. */
  turns: number;
  /** Standard deviation of the Gaussian noise added to each point. */
  noise: number;
  labels: LabelForm;
}

export function pointFields(o: { points: number; classes: number; labels: LabelForm }): Record<string, FieldInfo> {
  return { x: { kind: 'float', shape: [o.points, 2] }, y: labelInfo(o.labels, o.points, o.classes) };
}

/** Point i belongs to class i mod C; class k's centre sits on the circle of radius 2 at angle 2πk/C. */
export function blobs(o: BlobsOptions, rng: Rng, dtype: DType = 'float64'): DataSet {
  const xy: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < o.points; i++) {
    const k = i % o.classes;
    const angle = (2 * Math.PI * k) / o.classes;
    xy.push(2 * Math.cos(angle) + o.spread * rng.normal(), 2 * Math.sin(angle) + o.spread * rng.normal());
    labels.push(k);
  }
  return pointSet(xy, labels, o, dtype);
}

/**
 * Arm k: radius r = t and angle θ = 2π·turns·t + 2πk/C for t evenly spaced in (0, 1], plus noise —
 * interleaved arms that no straight line separates.
 */
export function spirals(o: SpiralsOptions, rng: Rng, dtype: DType = 'float64'): DataSet {
  const xy: number[] = [];
  const labels: number[] = [];
  const perClass = Math.ceil(o.points / o.classes);
  for (let i = 0; i < o.points; i++) {
    const k = i % o.classes;
    const t = (Math.floor(i / o.classes) + 1) / perClass;
    const angle = 2 * Math.PI * o.turns * t + (2 * Math.PI * k) / o.classes;
    xy.push(t * Math.cos(angle) + o.noise * rng.normal(), t * Math.sin(angle) + o.noise * rng.normal());
    labels.push(k);
  }
  return pointSet(xy, labels, o, dtype);
}

function pointSet(xy: number[], labels: number[], o: { points: number; classes: number; labels: LabelForm }, dtype: DType): DataSet {
  return {
    fields: { x: { kind: 'float', tensor: Tensor.of(xy, [o.points, 2], dtype, 'data.x') }, y: labelField(o.labels, labels, o.classes, dtype) },
    input: 'x',
    target: 'y',
  };
}
