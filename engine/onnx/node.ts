import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { onnxHandler, type OnnxDtype } from './handlers';
import { attrDtypes, dtypeOf, nodeError, type OnnxNode } from './read';

/** Applying one ONNX node to the values computed so far: at load (folding) and in every forward pass. */

/** `/encoder/layers.0/self_attn/MatMul` → the scopes `encoder` › `layers.0` › `self_attn`. */
export function moduleScopes(name: string): string[] {
  return name.split('/').slice(0, -1).filter((s) => s !== '');
}

export interface Values {
  readonly tensors: Map<string, Tensor>;
  readonly dtypes: Map<string, OnnxDtype>;
}

/** Runs the node's handler inside its module scopes; stores its outputs in `values`. Errors name the file and node. */
export function applyNode(node: OnnxNode, values: Values, tape: Tape, file: string): void {
  const handler = onnxHandler(node.opType);
  try {
    if (!handler) fail('E_UNKNOWN_OP', 'no handler');
    const inputs = node.inputs.map((n) => (n === '' ? null : values.tensors.get(n) ?? fail('E_ARGUMENT', `input "${n}" is not computed by any earlier node`)));
    const inputDtypes = node.inputs.map((n) => (n === '' ? null : values.dtypes.get(n) ?? 'float'));
    const call = { name: node.name, opType: node.opType, inputs, inputNames: node.inputs, inputDtypes, outputNames: node.outputs, attrs: node.attrs, tape };
    const run = moduleScopes(node.name).reduceRight<() => (Tensor | null)[]>((inner, scope) => () => tape.withModule(scope, inner), () => handler.apply(call));
    const outputs = run();
    const dtype = outputDtype(node, inputDtypes);
    node.outputs.forEach((name, i) => {
      const t = outputs[i];
      if (name === '' || !t) return;
      values.tensors.set(name, t);
      values.dtypes.set(name, dtype);
    });
  } catch (e) {
    throw nodeError(e, file, node);
  }
}

/** What kind of numbers a node makes: indices from shapes, masks from comparisons, else its data's kind. */
export function outputDtype(node: OnnxNode, inputs: readonly (OnnxDtype | null)[]): OnnxDtype {
  switch (node.opType) {
    case 'Shape':
    case 'Size':
      return 'int';
    case 'Equal':
    case 'Less':
    case 'Greater':
    case 'Not':
      return 'bool';
    case 'Cast':
      return dtypeOf(node.attrs.get('to') as number) ?? 'float';
    case 'Constant':
    case 'ConstantOfShape': {
      const v = node.attrs.get('value');
      if (v !== undefined && typeof v === 'object' && !Array.isArray(v)) return attrDtypes.get(v as Tensor) ?? 'float';
      return node.attrs.has('value_int') || node.attrs.has('value_ints') ? 'int' : 'float';
    }
    case 'Where':
      return inputs[1] ?? 'float';
    default:
      return inputs.find((d) => d !== null) ?? 'float';
  }
}
