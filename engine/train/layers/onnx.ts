import type { Tape } from '../../autograd/tape';
import { fail } from '../../errors';
import { Tensor } from '../../tensor/tensor';
import { runOnnx } from '../../onnx/import';
import { built, type LayerBuilder } from './context';
import { tensorIn } from './slots';

/**
 * An onnx layer: the graph the checker imported (model/catalog/onnx.ts), run inside the layer's
 * scope. Its parameters are this trainer's copies of the initializers (same names), so a replay from
 * the start or a second session begins from the file's weights.
 */
const onnx: LayerBuilder = (ctx) => {
  const model = ctx.layer.imported ?? fail('E_ARGUMENT', 'the ONNX graph was not imported', { layer: ctx.layer.name });
  // One copy each, already in the model's dtype.
  const params = model.params.map((p) => {
    const copy = p.dtype === ctx.dtype ? p.clone(p.name) : p.astype(ctx.dtype);
    copy.requiresGrad = true;
    return copy;
  });
  const input = model.inputs[0].name;
  const output = (ctx.layer.attrs.output as string) || model.graph.outputs[0].name;
  const batch = model.inputs[0].shape[0];
  // The other graph inputs (a recurrent net's initial states h0, c0) start at zero, as in PyTorch without them.
  const zeros = model.inputs.slice(1).map((io) => [io.name, Tensor.zeros(io.shape, ctx.dtype, io.name)] as const);
  // Float constants (a scale, an eps, a folded mask) in the model's dtype, as the parameters.
  const typed = { ...model, constants: new Map([...model.constants].map(([k, t]) => [k, model.dtypes.get(k) === 'float' ? t.astype(ctx.dtype) : t] as const)) };
  const run = (tape: Tape, x: Tensor): Tensor => runOnnx(typed, tape, new Map([[input, x], ...zeros]), params).get(output)!;
  return built(ctx, null, (tape, inputs) => {
    const x = tensorIn(inputs, 'input', ctx.layer.name);
    return { out: tape.withScope(ctx.layer.name, () => (x.rank === 0 || x.shape[0] === batch ? run(tape, x) : inChunks(tape, x, batch, run))) };
  }, params);
};

/**
 * An exported graph has its batch size baked into its shapes; a larger batch (an evaluation of the
 * whole data) runs in chunks of that size, joined along the batch axis.
 */
function inChunks(tape: Tape, x: Tensor, batch: number, run: (tape: Tape, x: Tensor) => Tensor): Tensor {
  if (x.shape[0] % batch !== 0) fail('E_SHAPE', `the graph runs on batches of ${batch} (the size it was exported for); ${x.shape[0]} examples are not a multiple of it`);
  const parts: Tensor[] = [];
  for (let start = 0; start < x.shape[0]; start += batch) parts.push(run(tape, tape.apply('slice', [x], { axis: 0, start, end: start + batch }, 'chunk')));
  return tape.apply('concat', parts, { axis: 0 }, 'chunks');
}

export const ONNX_BUILDERS = { onnx };
