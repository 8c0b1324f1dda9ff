import type { CheckedModel } from '../../model/validate';
import type { AttrValue } from '../../model/attrs';
import type { PathPoint, RaceView } from '../../protocol/views';
import { createTrainer } from '../../train/trainer';
import type { LossProbe } from './probe';
import { flatten, unflatten } from './trajectory';

/** The racers: the run's file with only `optimizer:` changed. */
export const RACERS: readonly { readonly optimizer: string; readonly kind: string; readonly settings: Readonly<Record<string, AttrValue>>; readonly label: string }[] = [
  { optimizer: 'sgd', kind: 'sgd', settings: {}, label: 'SGD' },
  { optimizer: 'momentum', kind: 'sgd', settings: { momentum: 0.9 }, label: 'SGD + momentum 0.9' },
  { optimizer: 'adagrad', kind: 'adagrad', settings: {}, label: 'AdaGrad' },
  { optimizer: 'rmsprop', kind: 'rmsprop', settings: {}, label: 'RMSprop' },
  { optimizer: 'adam', kind: 'adam', settings: {}, label: 'Adam' },
];

/** Most steps a race runs (each racer), whatever `training.steps` says. */
export const RACE_STEPS = 2000;

/** The name the racers go by: `momentum` for SGD with momentum, else the optimizer's kind. */
export function optimizerLabel(kind: string, settings: Readonly<Record<string, AttrValue>>): string {
  return kind === 'sgd' && typeof settings.momentum === 'number' && settings.momentum > 0 ? 'momentum' : kind;
}

/**
 * Each racer's path: a trainer of its own built from the file with its optimizer instead (the same
 * seed, data, batches, schedule and learning rate), started from θ_0, run every step of the run.
 * The path's losses are L(θ) on the whole data set (the probe), the same as the surface's.
 */
export function race(model: CheckedModel, theta0: Float64Array, probe: LossProbe): RaceView {
  const steps = Math.min(model.spec.training.steps, RACE_STEPS);
  const racers = RACERS.map((r) => {
    const training = { ...model.spec.training, optimizer: { ...model.spec.training.optimizer, kind: r.kind, settings: r.settings, settingRanges: {} } };
    const trainer = createTrainer({ ...model, spec: { ...model.spec, training } }, { recordValues: false });
    const params = trainer.layers.flatMap((l) => l.params);
    unflatten(theta0, params);
    const path: PathPoint[] = [point(0, theta0, probe)];
    for (let k = 1; k <= steps; k++) {
      trainer.beginStep().finish();
      path.push(point(k, flatten(params), probe));
    }
    return { optimizer: r.optimizer, label: r.label, path };
  });
  return { lr: model.spec.training.lr, steps, racers };
}

function point(step: number, theta: Float64Array, probe: LossProbe): PathPoint {
  return { step, at: [theta[0], theta[1]], loss: probe.at(theta) };
}
