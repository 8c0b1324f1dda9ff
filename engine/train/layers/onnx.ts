import { fail } from '../../errors';
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
  const params = model.params.map((p) => {
    const copy = p.clone(p.name);
    copy.requiresGrad = true;
    return copy.astype(ctx.dtype);
  });
  const input = model.inputs[0].name;
  const output = (ctx.layer.attrs.output as string) || model.graph.outputs[0].name;
  return built(ctx, null, (tape, inputs) => {
    const x = tensorIn(inputs, 'input', ctx.layer.name);
    const values = tape.withScope(ctx.layer.name, () => runOnnx(model, tape, new Map([[input, x]]), params));
    return { out: values.get(output)! };
  }, params);
};

export const ONNX_BUILDERS = { onnx };
