import type { Tensor } from '../tensor/tensor';

/**
 * A recording of PyTorch training steps (`.bstrace`), made by python/backstep_torch and replayed by
 * the session as a source of steps. On disk (version 2):
 *
 *   run.bstrace                       the JSON index below (UTF-8), what F5 opens; `steps` lists
 *                                     each step's number and file: [{"step": 100, "file": "00000.step.json"}]
 *   run.bstrace.chunks/00000.step.json  one step's entries (a TraceStep as JSON), one file per step
 *   run.bstrace.chunks/*.safetensors  the recorded values, named by the entries
 *
 * Version 1 (still read) held every step's entries inside the index's `steps`. Opening reads the
 * index and the first step; a step's file is read and its entries checked when the session first
 * reaches it, and a value's numbers are read from its chunk only when something asks for them (a
 * view, Variables, a breakpoint condition), so a multi-GB recording of any number of steps opens at
 * once. Every field is data: the reader checks each one (types, shapes against byte ranges,
 * references between entries) and names the file and the entry when one is wrong.
 */
export const TRACE_FORMAT = 'bstrace';
export const TRACE_VERSION = 2;
/** The version whose index holds every step's entries (read, no longer written). */
export const TRACE_INLINE_VERSION = 1;

/** The dtypes a recording stores (safetensors names); bf16/F16 values are read as float32. */
export type TraceDType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

/** What is known of every recorded tensor, whether its values were kept or not. */
export interface TraceStats {
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  readonly std: number | null;
  /** L2 norm of the finite values. */
  readonly norm: number | null;
  readonly nan: number;
  readonly inf: number;
  /** Equal-width histogram of the finite values between min and max. */
  readonly histogram?: { readonly counts: readonly number[] };
}

/** A recorded tensor: its stats always, its values when `chunk` is present. */
export interface TraceTensor {
  /**
   * Unique in the index (e.g. `s100/f12/out0`); the safetensors key in its chunk. The same tensor
   * met again (an op's output that is a later op's input, a gradient named in `paramGrads`) repeats
   * its entry with the same id and fields.
   */
  readonly id: string;
  readonly shape: readonly number[];
  readonly dtype: TraceDType;
  readonly stats: TraceStats;
  /** File name inside `<index>.chunks/`; absent when only the stats were kept. */
  readonly chunk?: string;
}

export interface TraceModule {
  /** Dotted module path as in `model.named_modules()` (`layers.0.self_attn`); '' for the root. */
  readonly path: string;
  /** Its class name (`Linear`, `LSTM`, `MultiheadAttention`). */
  readonly type: string;
  /** Parameter names it owns directly (`layers.0.self_attn.in_proj_weight`). */
  readonly params: readonly string[];
  /** Where its class's `forward` is defined (absolute path, 1-based line of the `def`); absent when it has no Python source. */
  readonly source?: { readonly file: string; readonly line: number };
}

/** One recorded op. Forward ops come from a TorchDispatchMode, backward ops from the autograd graph. */
export interface TraceOp {
  readonly phase: 'forward' | 'loss' | 'backward';
  /** `aten::addmm`, `AddmmBackward0`, or a collective (`c10d::allreduce_`). */
  readonly op: string;
  /** Innermost module that ran it ('' for none). */
  readonly module: string;
  readonly inputs: readonly TraceTensor[];
  readonly outputs: readonly TraceTensor[];
  /** Backward ops that produce a parameter's gradient name it (added into `.grad`; a collective's replaces it). */
  readonly paramGrads?: Readonly<Record<string, TraceTensor>>;
}

/** One parameter's optimizer update. */
export interface TraceUpdate {
  readonly phase: 'update';
  readonly param: string;
  readonly before: TraceTensor;
  readonly after: TraceTensor;
  readonly grad: TraceTensor;
  /** Optimizer state after the update, by its PyTorch name (`exp_avg`, `exp_avg_sq`, `momentum_buffer`). */
  readonly state: Readonly<Record<string, TraceTensor>>;
}

export type TraceEvent = TraceOp | TraceUpdate;

export interface TraceStep {
  /** The training loop's own step number (e.g. 100). */
  readonly step: number;
  readonly loss: TraceTensor;
  readonly lr: number;
  readonly events: readonly TraceEvent[];
}

export interface TraceIndex {
  readonly format: typeof TRACE_FORMAT;
  readonly version: typeof TRACE_VERSION | typeof TRACE_INLINE_VERSION;
  readonly torch: string;
  /** Rank and world size under torch.distributed (0 and 1 otherwise). */
  readonly rank: number;
  readonly worldSize: number;
  readonly device: string;
  readonly modules: readonly TraceModule[];
  /** Every parameter with its shape, in `model.named_parameters()` order. */
  readonly params: readonly { readonly name: string; readonly shape: readonly number[]; readonly dtype: TraceDType }[];
  /**
   * PyTorch's optimizer class and param group 0's settings: numbers (a tuple as `betas.0`, `betas.1`)
   * and, from recorders that write them, booleans (`nesterov`, `amsgrad`, `maximize`, …).
   */
  readonly optimizer: { readonly type: string; readonly hyper: Readonly<Record<string, number>>; readonly flags?: Readonly<Record<string, boolean>> } | null;
  /** A step's entries are read and checked when first asked for (a located error then if one is wrong). */
  readonly steps: readonly TraceStep[];
}

/**
 * Ranged, synchronous reads of a recording's chunk files (the session steps synchronously; the
 * host answers from node:fs in its worker). Sizes are checked before any read.
 */
export interface ChunkFiles {
  /** Byte size of a chunk file; null when it does not exist. */
  size(chunk: string): number | null;
  read(chunk: string, offset: number, length: number): Uint8Array;
}

/** An opened recording: the checked index (each step's entries checked when first asked for) and its values on demand. */
export interface TraceReader {
  /** The index file's path, for messages. */
  readonly file: string;
  readonly index: TraceIndex;
  /** The values of a recorded tensor (float64 engine tensor); a located error when only stats were kept or the chunk is wrong. */
  values(t: TraceTensor): Tensor;
}
