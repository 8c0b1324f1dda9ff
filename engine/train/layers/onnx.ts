import type { Tape } from '../../autograd/tape';
import { fail } from '../../errors';
import { Tensor } from '../../tensor/tensor';
import { runOnnx } from '../../onnx/import';
import { built, type LayerBuilder } from './context';
import { tensorIn, tensorsIn } from './slots';

/**
 * An onnx layer: the graph the checker imported (model/catalog/onnx.ts), run inside the layer's
 * scope. Its parameters are this trainer's copies of the initializers (same names), so a replay from
 * the start or a second session begins from the file's weights. Each graph input is fed what the
 * checker bound to it: a reference of `inputs:` under its name, else (the first) the layer's input,
 * else zeros (a recurrent net's initial states, as in PyTorch without them).
 */
const onnx: LayerBuilder = (ctx) => {
  const model = ctx.layer.imported ?? fail('E_ARGUMENT', 'the ONNX graph was not imported', { layer: ctx.layer.name });
  // One copy each, already in the model's dtype.
  const params = model.params.map((p) => {
    const copy = p.dtype === ctx.dtype ? p.clone(p.name) : p.astype(ctx.dtype);
    copy.requiresGrad = true;
    return copy;
  });
  const first = model.inputs[0].name;
  const keys = (ctx.layer.inputs.inputs ?? []).map((r) => r.key?.name ?? r.source);
  const zeros = model.inputs.slice(1).filter((io) => !keys.includes(io.name)).map((io) => [io.name, Tensor.zeros(io.shape, ctx.dtype, io.name)] as const);
  const output = (ctx.layer.attrs.output as string) || model.graph.outputs[0].name;
  const batch = model.inputs[0].shape[0];
  // Float constants (a scale, an eps, a folded mask) in the model's dtype, as the parameters.
  const typed = { ...model, constants: new Map([...model.constants].map(([k, t]) => [k, model.dtypes.get(k) === 'float' ? t.astype(ctx.dtype) : t] as const)) };
  const run = (tape: Tape, feeds: Map<string, Tensor>): Tensor => runOnnx(typed, tape, feeds, params).get(output)!;
  return built(ctx, null, (tape, inputs) => {
    const feeds = new Map<string, Tensor>(keys.length ? tensorsIn(inputs, 'inputs', ctx.layer.name).map((t, i) => [keys[i], t]) : []);
    if (!feeds.has(first)) feeds.set(first, tensorIn(inputs, 'input', ctx.layer.name));
    const x = feeds.get(first)!;
    const whole = (tape: Tape, fed: Map<string, Tensor>) => run(tape, new Map([...fed, ...zeros]));
    return { out: tape.withScope(ctx.layer.name, () => (x.rank === 0 || x.shape[0] === batch ? whole(tape, feeds) : inChunks(tape, feeds, batch, whole))) };
  }, params);
};

/**
 * An exported graph has its batch size baked into its shapes; a larger batch (an evaluation of the
 * whole data) runs in chunks of that size, every input sliced alike, joined along the batch axis.
 */
function inChunks(tape: Tape, feeds: ReadonlyMap<string, Tensor>, batch: number, run: (tape: Tape, feeds: Map<string, Tensor>) => Tensor): Tensor {
  const examples = [...feeds.values()][0].shape[0];
  if (examples % batch !== 0) fail('E_SHAPE', `the graph runs on batches of ${batch} (the size it was exported for); ${examples} examples are not a multiple of it`);
  const parts: Tensor[] = [];
  for (let start = 0; start < examples; start += batch) {
    const chunk = new Map([...feeds].map(([name, t]) => [name, tape.apply('slice', [t], { axis: 0, start, end: start + batch }, feeds.size === 1 ? 'chunk' : `chunk_${name}`)] as const));
    parts.push(run(tape, chunk));
  }
  return tape.apply('concat', parts, { axis: 0 }, 'chunks');
}

export const ONNX_BUILDERS = { onnx };
