import { floatWire, tensorInput, weightOf, type LayerExporter } from './context';

const INT64 = 7;

/**
 * A lookup table: Gather(E, ids) over int64 ids (a float field of whole numbers is cast first); with
 * `positions`, the table P (T, dim) is added to every sequence (`plus_positions`).
 */
const embedding: LayerExporter = (x) => {
  const g = x.graph;
  const scope = x.layer.name;
  const name = tensorInput(x);
  const wire = x.inputs.input[0];
  const ids = wire.kind === 'tensor' && wire.dtype === 'float' ? g.node(scope, 'Cast', [name], { to: INT64 }) : name;
  const y = g.node(scope, 'Gather', [weightOf(x, 'E'), ids], { axis: 0 });
  return { out: floatWire(x.params.has('P') ? g.node(scope, 'Add', [y, weightOf(x, 'P')]) : y) };
};

export const EMBEDDING_EXPORTERS: Readonly<Record<string, LayerExporter>> = { embedding };
