import { exportOnnx } from '../../engine/onnx/export/model';
import { trainParams } from '../../engine/weights/stepGradients';
import type { Io } from './io';
import { writeFromTrainer } from './weights';

/** `backstep export --onnx <file> [--step N] --out model.onnx`: the model after N steps (default 0) as an ONNX file. */
export function exportOnnxCommand(file: string, io: Io, out: string, step = 0): number {
  return writeFromTrainer(file, io, out, (trainer) => {
    trainParams(trainer, step);
    const bytes = exportOnnx(trainer.model, trainer.layers, { step });
    return { bytes, summary: `ONNX opset 14, ${trainer.layers.length} layers after ${step} step${step === 1 ? '' : 's'}` };
  });
}
