import type { GraphEdge, GraphNode, GraphView } from '../engine/protocol';

/**
 * Synthetic computation graphs for the graph panel's benchmark, shaped like the session's
 * (`layer:<name>` layer nodes, ops named by scope path and carrying it, parameters owned by their layer).
 */
function node(id: string, kind: GraphNode['kind'], place: Partial<Pick<GraphNode, 'label' | 'layer' | 'scope' | 'timeStep'>>, op: string | null, norm: number): GraphNode {
  const layer = place.layer ?? null;
  const parent = layer !== null && kind !== 'layer' ? `layer:${layer}` : null;
  return { id, label: id, layer, scope: [], timeStep: null, ...place, kind, parent, op, range: { line: 1, column: 1, endLine: 1, endColumn: 2 }, valueNorm: norm, gradNorm: norm / 10, shape: [16, 8] };
}

const OPS = ['x', 'hx', 'lin_f', 'lin_i', 'lin_c', 'lin_o', 'pre_f', 'pre_i', 'pre_c', 'pre_o', 'gate_f', 'gate_i', 'gate_c', 'gate_o', 'f_c', 'i_g', 'c', 'tanh_c', 'h', 'out'];

/** `layers` LSTM-like layers unrolled over `steps` time steps: the same 20 ops in every step. */
export function unrolledGraph(layers: number, steps: number): GraphView {
  const nodes: GraphNode[] = [node('data.x', 'data', {}, null, 3)];
  const edges: GraphEdge[] = [];
  const edge = (from: string, to: string): void => void edges.push({ from, to, tensor: from, shape: [16, 8], gradNorm: 0.01 + (edges.length % 17) / 10 });
  let input = 'data.x';
  for (let l = 0; l < layers; l++) {
    const layer = `rnn${l}`;
    nodes.push(node(`layer:${layer}`, 'layer', { layer }, 'lstm', 1));
    for (const p of ['W_f', 'W_i', 'W_c', 'W_o', 'b_f', 'b_i', 'b_c', 'b_o']) nodes.push(node(`rnn${l}.${p}`, 'param', { layer }, null, 2));
    for (let t = 0; t < steps; t++) {
      const at = (op: string): string => `rnn${l}/t${t}/${op}`;
      OPS.forEach((op, k) => nodes.push(node(at(op), 'op', { label: op, layer, scope: [layer, `t${t}`], timeStep: t }, op, 0.5 + ((k * 7 + t) % 11) / 3)));
      edge(input, at('x'));
      edge(t > 0 ? `rnn${l}/t${t - 1}/h` : input, at('hx'));
      edge(at('x'), at('hx'));
      for (const g of ['f', 'i', 'c', 'o']) {
        edge(at('hx'), at(`lin_${g}`));
        edge(`rnn${l}.W_${g}`, at(`lin_${g}`));
        edge(at(`lin_${g}`), at(`pre_${g}`));
        edge(`rnn${l}.b_${g}`, at(`pre_${g}`));
        edge(at(`pre_${g}`), at(`gate_${g}`));
      }
      edge(at('gate_f'), at('f_c'));
      if (t > 0) edge(`rnn${l}/t${t - 1}/c`, at('f_c'));
      edge(at('gate_i'), at('i_g'));
      edge(at('gate_c'), at('i_g'));
      edge(at('f_c'), at('c'));
      edge(at('i_g'), at('c'));
      edge(at('c'), at('tanh_c'));
      edge(at('tanh_c'), at('h'));
      edge(at('gate_o'), at('h'));
      edge(at('h'), at('out'));
    }
    input = `rnn${l}/t${steps - 1}/out`;
  }
  return { nodes, edges, current: `rnn0/t3/gate_f`, currentLayer: 'rnn0', phase: 'backward' };
}

/** `layers` layers of `ops` ops each, every layer wired differently: nothing for the layout to reuse. */
export function irregularGraph(layers: number, ops: number, seed = 7): GraphView {
  let s = seed;
  const rand = (n: number): number => ((s = (s * 1103515245 + 12345) % 2147483648), s % n);
  const nodes: GraphNode[] = [node('data.x', 'data', {}, null, 3)];
  const edges: GraphEdge[] = [];
  let input = 'data.x';
  for (let l = 0; l < layers; l++) {
    const layer = `block${l}`;
    nodes.push(node(`layer:${layer}`, 'layer', { layer }, 'block', 1));
    const ids: string[] = [];
    for (let k = 0; k < ops; k++) {
      const id = `block${l}/op${k}`;
      nodes.push(node(id, 'op', { label: `op${k}`, layer, scope: [layer] }, ['matmul', 'add', 'tanh', 'mul'][rand(4)], 0.1 + rand(100) / 10));
      const from = k === 0 ? input : ids[k - 1 - rand(Math.min(k, 1 + (l % 5)))];
      edges.push({ from, to: id, tensor: from, shape: [16, 8], gradNorm: rand(100) / 50 });
      if (k > 2 && rand(3) === 0) edges.push({ from: ids[rand(k)], to: id, tensor: 'x', shape: [16, 8], gradNorm: rand(100) / 50 });
      ids.push(id);
    }
    input = ids[ids.length - 1];
  }
  return { nodes, edges, current: 'block0/op3', currentLayer: 'block0', phase: 'backward' };
}

/**
 * An imported model's tape: `modules` modules (`layers.<k>`, as ONNX node names scope them) of
 * `ops` ops each, in sub-scopes (`self_attn`, `mlp`) as the importer names them, with a skip
 * connection around each module and an initializer or two per module. `alike`: every module wired
 * the same (a stack of identical layers, as a Transformer exports); else each one differently.
 */
export function moduleGraph(modules: number, ops: number, alike: boolean, seed = 11): GraphView {
  let s = seed;
  const rand = (n: number): number => ((s = (s * 1103515245 + 12345) % 2147483648), s % n);
  const nodes: GraphNode[] = [node('data.input_ids', 'data', {}, null, 3)];
  const edges: GraphEdge[] = [];
  const edge = (from: string, to: string): void => void edges.push({ from, to, tensor: from, shape: [1, 64, 256], gradNorm: rand(100) / 50 });
  let input = 'data.input_ids';
  for (let m = 0; m < modules; m++) {
    if (alike) s = seed;
    const layer = `layers.${m}`;
    nodes.push(node(`layer:${layer}`, 'layer', { layer }, 'onnx', 1));
    for (const p of ['weight', 'bias']) nodes.push(node(`${layer}.${p}`, 'param', { layer }, null, 2));
    const ids: string[] = [];
    for (let k = 0; k < ops; k++) {
      const sub = k < ops / 2 ? 'self_attn' : 'mlp';
      const id = `${layer}/${sub}/${['MatMul', 'Add', 'Softmax', 'Mul', 'Transpose', 'Reshape'][k % 6]}_${k}`;
      nodes.push(node(id, 'op', { label: id.slice(id.lastIndexOf('/') + 1), layer, scope: [layer, sub] }, ['matmul', 'add', 'softmax', 'mul', 'transpose', 'reshape'][k % 6], 0.1 + rand(100) / 10));
      edge(k === 0 ? input : ids[k - 1], id);
      if (k % 6 === 0) edge(`${layer}.weight`, id);
      if (k % 6 === 1) edge(`${layer}.bias`, id);
      if (k > 3 && rand(4) === 0) edge(ids[k - 2 - rand(Math.min(k - 1, 3))], id);
      ids.push(id);
    }
    edge(input, ids[ids.length - 1]);
    input = ids[ids.length - 1];
  }
  return { nodes, edges, current: 'layers.0/self_attn/Add_1', currentLayer: 'layers.0', phase: 'forward' };
}
