/** What each recurrent gate is, and what its values mean (the legend's unit). */
export interface GateMeaning {
  readonly title: string;
  readonly unit: string;
  /** Sigmoid gates live in [0, 1]; the rest are signed. */
  readonly unitInterval: boolean;
}

const SIGMOID = 'activation σ (0 = closed … 1 = open)';
const TANH = 'value tanh (−1 … 1)';

const MEANINGS: Record<string, GateMeaning> = {
  gate_f: { title: 'forget gate f', unit: SIGMOID, unitInterval: true },
  gate_i: { title: 'input gate i', unit: SIGMOID, unitInterval: true },
  gate_o: { title: 'output gate o', unit: SIGMOID, unitInterval: true },
  gate_c: { title: 'candidate c̃', unit: TANH, unitInterval: false },
  gate_g: { title: 'candidate c̃', unit: TANH, unitInterval: false },
  gate_r: { title: 'reset gate r', unit: SIGMOID, unitInterval: true },
  gate_z: { title: 'update gate z', unit: SIGMOID, unitInterval: true },
  gate_n: { title: 'candidate h̃', unit: TANH, unitInterval: false },
  candidate: { title: 'candidate h̃', unit: TANH, unitInterval: false },
  c: { title: 'cell state c', unit: 'value (unbounded)', unitInterval: false },
  h: { title: 'hidden state h', unit: TANH, unitInterval: false },
};

/** `gate_f`, `memory.gate_f`, `memory/t3/gate_f` → the forget gate. Unknown names keep their own name. */
export function gateMeaning(name: string): GateMeaning {
  const key = name.replace(/^.*[./]/, '');
  return MEANINGS[key] ?? { title: name, unit: 'value', unitInterval: false };
}

export const CELL_NAMES: Record<string, string> = { lstm: 'LSTM', gru: 'GRU', gru_torch: 'GRU (PyTorch form)', rnn: 'RNN' };
