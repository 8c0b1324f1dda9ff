/** What each recurrent gate is, by the layer's own name for it (`gate_f`): the heading of its heatmap. */
const TITLES: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  gate_f: 'forget gate f',
  gate_i: 'input gate i',
  gate_o: 'output gate o',
  gate_c: 'candidate c̃',
  gate_g: 'candidate c̃',
  gate_r: 'reset gate r',
  gate_z: 'update gate z',
  gate_n: 'candidate h̃',
  candidate: 'candidate h̃',
  c: 'cell state c',
  h: 'hidden state h',
});

/** The gate's title; a name the table does not know is its own title. */
export function gateTitle(name: string): string {
  return TITLES[name] ?? name;
}

export const CELL_NAMES: Record<string, string> = { lstm: 'LSTM', gru: 'GRU', gru_torch: 'GRU (PyTorch form)', rnn: 'RNN' };
