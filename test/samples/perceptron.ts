import { accuracy, nodeNamed, sampleTrainer, trainAll, valueOf } from './support';

/** Per step: the example, the prediction before the update, and the weights before and after. */
interface Update {
  readonly x: number[];
  readonly yhat: number;
  readonly wrong: boolean;
  readonly dw: number[];
  readonly db: number;
}

/** Trains a perceptron sample to the end, recording every update and the accuracy after it. */
export function perceptronUpdates(sample: string, edit?: (t: string) => string): { updates: Update[]; accuracies: number[] } {
  const trainer = sampleTrainer(sample, edit);
  const [w, b] = trainer.params;
  let before = [...w.data, b.data[0]];
  const updates: Update[] = [];
  const accuracies: number[] = [];
  trainAll(trainer, (run) => {
    const after = [...w.data, b.data[0]];
    const x = Array.from(nodeNamed(run, 'perceptron1/wx').inputs[0].data);
    updates.push({ x, yhat: valueOf(run, 'perceptron1/y').data[0], wrong: trainer.last!.accuracy!.correct === 0, dw: after.slice(0, 2).map((v, i) => v - before[i]), db: after[2] - before[2] });
    before = after;
    accuracies.push(accuracy(trainer));
  });
  return { updates, accuracies };
}
