import { writeFileSync } from 'node:fs';
import { exportOnnx } from '../../engine/onnx/export/model';
import { describeLocated, located } from '../../engine/train';
import { trainParams } from '../../engine/weights/stepGradients';
import { EXIT, type Io } from './io';
import { loadForCli } from './load';

/** `backstep export --onnx <file> [--step N] --out model.onnx`: the model after N steps (default 0) as an ONNX file. */
export function exportOnnxCommand(file: string, io: Io, out: string, step = 0): number {
  const trainer = loadForCli(file, io, { recordValues: false });
  if (typeof trainer === 'number') return trainer;
  let bytes: Uint8Array;
  try {
    trainParams(trainer, step);
    bytes = exportOnnx(trainer.model, trainer.layers, { step });
  } catch (e) {
    io.err(`${describeLocated(located(e, null, null), file)}\n`);
    return EXIT.problems;
  }
  try {
    writeFileSync(out, bytes);
  } catch (e) {
    io.err(`cannot write ${out}: ${(e as Error).message}\n`);
    return EXIT.usage;
  }
  io.out(`wrote ${out}: ONNX opset 14, ${trainer.layers.length} layers after ${step} step${step === 1 ? '' : 's'}, ${(bytes.length / 1024).toFixed(1)} KiB\n`);
  return EXIT.ok;
}
