/**
 * The one table between Backstep's parameters and PyTorch's `state_dict` names and layouts, used both
 * ways (./weightsOut.ts writes with it, ./weightsIn.ts reads with it) and printed as the README's
 * mapping table (`mappingRows`). A file key is `<layer>.<torch name>`; a layer kind without a row
 * keeps Backstep's own names (`<layer>.<key>`, as the debugger shows them).
 *
 * A PyTorch tensor is Backstep parameters stacked along the first axis (`blocks`), each whole or a
 * column range: Backstep's LSTM multiplies [h, x] (h first) by one (H, H+I) matrix per gate, PyTorch
 * multiplies x and h by separate matrices with the gates stacked i, f, g, o — so weight_ih_l0 =
 * [W_i; W_f; W_c; W_o][:, H:] and weight_hh_l0 = the same [:, :H]. PyTorch's recurrent cells have two
 * biases whose sum is Backstep's one (`sumOf`): exported as (b, 0), their gradients both ∂L/∂b, and
 * read back as b = bias_ih + bias_hh.
 */
export interface Block {
  /** The Backstep parameter key (`W_f`, `attn.Wq`). */
  readonly param: string;
  /** Columns [from, to) of a matrix; whole when absent. */
  readonly cols?: readonly [number, number];
}

export interface TorchTensor {
  /** After `<layer>.`: `weight_ih_l0`, `self_attn.in_proj_weight`. */
  readonly torch: string;
  readonly blocks: readonly Block[];
  /** The second bias of a PyTorch sum: 0 on export, the other's gradient, added on import. */
  readonly sumOf?: string;
}

/** A parameter's shape by key, as the layer holds it. */
export type ParamShapes = ReadonlyMap<string, readonly number[]>;

export interface KindMapping {
  /** The PyTorch module whose names these are. */
  readonly module: string;
  /** The tensors for a layer with these parameters, or a reason why there is no PyTorch twin. */
  tensors(params: ParamShapes): readonly TorchTensor[] | { readonly refused: string };
}

const one = (torch: string, param: string): TorchTensor => ({ torch, blocks: [{ param }] });
const stack = (torch: string, params: readonly string[], cols?: readonly [number, number]): TorchTensor => ({ torch, blocks: params.map((param) => (cols ? { param, cols } : { param })) });
const optional = (params: ParamShapes, ...tensors: TorchTensor[]) => tensors.filter((t) => t.blocks.every((b) => params.has(b.param)));

/** PyTorch's recurrent layers: weight_ih_l0, weight_hh_l0 and the bias pair, gates stacked in `gates` order. */
function recurrent(weightsIh: readonly Block[], weightsHh: readonly Block[], biases: readonly string[]): TorchTensor[] {
  return [
    { torch: 'weight_ih_l0', blocks: weightsIh },
    { torch: 'weight_hh_l0', blocks: weightsHh },
    stack('bias_ih_l0', biases),
    { ...stack('bias_hh_l0', biases), sumOf: 'bias_ih_l0' },
  ];
}

/** nn.MultiheadAttention's names (`prefix` for one inside a bigger module); kdim ≠ embed_dim splits in_proj_weight. */
function attention(params: ParamShapes, p: string, prefix = ''): TorchTensor[] {
  const [d, m] = params.get(`${p}Wk`) ?? [0, 0];
  const weights = d === m ? [stack(`${prefix}in_proj_weight`, [`${p}Wq`, `${p}Wk`, `${p}Wv`])] : ['q', 'k', 'v'].map((g) => one(`${prefix}${g}_proj_weight`, `${p}W${g}`));
  return [...weights, ...optional(params, stack(`${prefix}in_proj_bias`, [`${p}bq`, `${p}bk`, `${p}bv`])), one(`${prefix}out_proj.weight`, `${p}Wo`), ...optional(params, one(`${prefix}out_proj.bias`, `${p}bo`))];
}

export const TORCH_NAMES: ReadonlyMap<string, KindMapping> = new Map<string, KindMapping>([
  ['linear', { module: 'nn.Linear', tensors: (p) => optional(p, one('weight', 'W'), one('bias', 'b')) }],
  [
    'mlp',
    {
      module: 'nn.Linear per layer (fc1, fc2, …)',
      tensors: (p) => [...p.keys()].map((k) => one(k.replace(/\.W$/, '.weight').replace(/\.b$/, '.bias'), k)),
    },
  ],
  ['embedding', { module: 'nn.Embedding (positions: a second nn.Embedding)', tensors: (p) => optional(p, one('weight', 'E'), one('positions.weight', 'P')) }],
  ['layer_norm', { module: 'nn.LayerNorm', tensors: () => [one('weight', 'gamma'), one('bias', 'beta')] }],
  ['rnn', { module: 'nn.RNN', tensors: () => recurrent([{ param: 'W_xh' }], [{ param: 'W_hh' }], ['b_h']) }],
  [
    'lstm',
    {
      module: 'nn.LSTM (gates i, f, g, o)',
      tensors: (p) => {
        const [H, HI] = p.get('W_f') ?? [0, 0];
        const gates = ['W_i', 'W_f', 'W_c', 'W_o'];
        return recurrent(
          gates.map((param) => ({ param, cols: [H, HI] })),
          gates.map((param) => ({ param, cols: [0, H] })),
          ['b_i', 'b_f', 'b_c', 'b_o'],
        );
      },
    },
  ],
  [
    'gru',
    {
      module: 'nn.GRU (gates r, z, n; `form: torch` only)',
      tensors: (p) =>
        p.has('W_ih')
          ? [one('weight_ih_l0', 'W_ih'), one('weight_hh_l0', 'W_hh'), one('bias_ih_l0', 'b_ih'), one('bias_hh_l0', 'b_hh')]
          : { refused: "the textbook GRU is not PyTorch's function (it resets h before W_h multiplies it; PyTorch resets W_hn h + b_hn after): write `form: torch` for PyTorch's cell and names" },
    },
  ],
  ['multi_head_attention', { module: 'nn.MultiheadAttention', tensors: (p) => attention(p, '') }],
  [
    'transformer_block',
    {
      module: 'nn.TransformerEncoderLayer',
      tensors: (p) => [
        ...attention(p, 'attn.', 'self_attn.'),
        ...['1', '2'].flatMap((k) => [one(`linear${k}.weight`, `ffn.fc${k}.W`), one(`linear${k}.bias`, `ffn.fc${k}.b`), one(`norm${k}.weight`, `ln${k}.gamma`), one(`norm${k}.bias`, `ln${k}.beta`)]),
      ],
    },
  ],
]);

/** A layer's tensors under PyTorch names, its own names (no row), or why it has no PyTorch twin. */
export function layerTensors(kind: string, params: ParamShapes): readonly TorchTensor[] | { readonly refused: string } {
  const mapping = TORCH_NAMES.get(kind);
  return mapping ? mapping.tensors(params) : [...params.keys()].map((k) => one(k, k));
}

/** `[W_i; W_f; W_c; W_o][:, H:]`, `b_i + b_f …`: how a PyTorch tensor is made, for the README table. */
export function describeTensor(t: TorchTensor, params: ParamShapes): string {
  const cols = (b: Block) => {
    if (!b.cols) return '';
    const width = params.get(b.param)?.[1] ?? 0;
    return b.cols[0] === 0 ? '[:, :H]' : b.cols[1] === width ? '[:, H:]' : `[:, ${b.cols[0]}:${b.cols[1]}]`;
  };
  const names = t.blocks.map((b) => b.param);
  const body = names.length === 1 ? `${names[0]}${cols(t.blocks[0])}` : `[${names.join('; ')}]${cols(t.blocks[0])}`;
  return t.sumOf ? `0 (Backstep has one bias: ${t.sumOf} + this = ${body})` : body;
}
