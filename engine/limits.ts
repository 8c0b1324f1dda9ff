import { count } from './model/budget';

/**
 * Backstep's limits: the bounds on counts, lengths and sizes that a model file or a debugger request
 * can drive, in one table. Each is checked before the work it bounds (the YAML parser, the
 * allocation or the loop) and going over it is one located error; the README's table of limits
 * lists them all (a test keeps the two in step).
 *
 * The size budget of a checked model (parameters, elements per tensor, data, time steps, training
 * steps) is `DEFAULT_BUDGET` in model/budget.ts: it is measured on the shapes the checker infers.
 * The limits here bound what is written.
 */
export interface Limit {
  /** The key the error message names. */
  readonly name: string;
  readonly max: number;
  /** What is counted, after a number: "characters in a model file". */
  readonly unit: string;
}

export const LIMITS = {
  // The text of a model file: checked by model/prescan.ts before the YAML parser builds anything, and
  // again by model/source.ts while the tree is read, so a runaway file costs one linear scan.
  /** A sample is a few kilobytes; a megabyte holds some 200,000 inline numbers. */
  fileChars: { name: 'fileChars', max: 1_000_000, unit: 'characters in a model file' },
  /** A model file nests about 6 deep; the parser recurses once per level. */
  depth: { name: 'depth', max: 64, unit: 'levels of nesting in a model file' },
  /** Keys, list items and scalars, counted once per alias that repeats them; the parser takes 20–50 µs for each. */
  nodes: { name: 'nodes', max: 20_000, unit: 'values (keys, list items, numbers) in a model file once aliases are expanded' },
  /** `*name` references to anchors; each one can repeat a whole subtree. */
  aliases: { name: 'aliases', max: 100, unit: 'aliases (`*name`) in a model file' },

  // The model a file describes: read by model/read/layers.ts and the catalogue's settings.
  /**
   * A step records every op of every layer and the views show each one; a debugger's model is read,
   * not scrolled (the largest sample has nine).
   */
  layers: { name: 'layers', max: 1_000, unit: 'layers in `model:`' },
  /** Each hidden layer of an `mlp` is a layer of the trace. */
  mlpLayers: { name: 'mlpLayers', max: 100, unit: 'hidden layers in one `mlp`' },
  /**
   * The budget decides what fits; this keeps a setting like `1e20` from reaching arithmetic that
   * loses integer precision, or an allocation V8 aborts on.
   */
  size: { name: 'size', max: 1_000_000, unit: 'units, words, buckets or examples in any one size setting (`out`, `hidden`, `dim`, `vocab`, `points` …)' },
  heads: { name: 'heads', max: 256, unit: 'attention heads in one layer' },
  /** Each adds a row lookup per example (word2vec, fastText). */
  negatives: { name: 'negatives', max: 100, unit: 'negative samples per positive pair' },
  /** Training pairs grow with it (word2vec, GloVe, fastText). */
  window: { name: 'window', max: 100, unit: 'words on each side of a centre word' },
  /** N-grams per word grow with it (fastText's `minn`, `maxn`). */
  ngram: { name: 'ngram', max: 50, unit: 'characters in a character n-gram' },

  // Data files a model file names (`csv:`, `npy:`, `npz:`): read by the host through its file reader,
  // parsed by engine/data/files/. The size is checked before a byte is read (the reader is given it)
  // and again on what arrives; an archive's members by their stated sizes before any is inflated.
  /**
   * A file past it is refused unread. Parsing a table takes about 6× its size while it runs (bytes,
   * text, csv-parse's copy, the numbers): a 50 MB CSV peaks 320 MB above the process (bench/dataFiles.bench.ts).
   */
  dataFileBytes: { name: 'dataFileBytes', max: 100 * 1024 * 1024, unit: 'bytes in one data file (CSV, TSV, .npy, .npz once unpacked)' },
  /** Each is one more read before a check or a launch. */
  dataFiles: { name: 'dataFiles', max: 16, unit: 'data files named in one model file' },
  /** Each member of an `.npz` archive becomes a data field. */
  npzMembers: { name: 'npzMembers', max: 64, unit: 'arrays in one `.npz` archive' },

  // Expressions: Watch, Debug Console, hover, breakpoint conditions and hit conditions (session/expression).
  /** Parsing is linear; this keeps one request from holding the session for seconds. */
  expressionLength: { name: 'expressionLength', max: 10_000, unit: 'characters in one expression' },
  /** Parsing and evaluating recurse once per level (parentheses, operators, calls, indexing). */
  expressionDepth: { name: 'expressionDepth', max: 100, unit: 'levels of nesting in one expression' },

  /** Logpoints print at most this many lines per run (then one line saying how many were left out): a long Continue stays fast. */
  logLines: { name: 'logLines', max: 1_000, unit: 'logpoint lines printed in one run (Continue, a step)' },

  // Debug Adapter Protocol frames read by the stdio adapter (extension/dap/frames.ts).
  /** A frame over it is skipped as it streams in, never held: the largest request is a breakpoint list. */
  dapFrame: { name: 'dapFrame', max: 8 * 1024 * 1024, unit: 'bytes in one DAP message body' },
  /** `Content-Length: N` and optional `Content-Type`: a longer header is not a DAP header. */
  dapHeader: { name: 'dapHeader', max: 1024, unit: 'bytes in one DAP message header' },

  // The Inspector's pinned tensors ("View in Backstep"), evaluated again at every stop.
  /** Beyond it a tensor is downsampled by block means: a panel a few hundred pixels wide shows no more. */
  plotValues: { name: 'plotValues', max: 4096, unit: 'values of one tensor drawn in the Inspector' },
  /** Each is one more request at every stop. */
  pinnedTensors: { name: 'pinnedTensors', max: 4, unit: 'tensors pinned in the Inspector at once' },

  // Weight files (safetensors: engine/weights/safetensorsRead.ts), checked before the header is decoded.
  /** The reference reader refuses headers over 100 MB; a model's header is a few kilobytes. */
  safetensorsHeader: { name: 'safetensorsHeader', max: 100_000_000, unit: 'bytes in a safetensors header' },
  /** Each is one object in the header and one entry in the result. */
  safetensorsTensors: { name: 'safetensorsTensors', max: 100_000, unit: 'tensors in one safetensors file' },

  // Recordings of PyTorch steps (`.bstrace`: engine/trace/), checked by checkIndex.ts and read.ts before the work they bound.
  /** The index and each step's file (stepEntries.ts) alike; JSON.parse holds about 3× the text; a step of a large model is a few MB. */
  traceIndexChars: { name: 'traceIndexChars', max: 300_000_000, unit: 'characters in a recording\'s index' },
  /** Read as float64: 50 million values are 400 MB, under the session's memory bound. */
  traceValues: { name: 'traceValues', max: 50_000_000, unit: 'values of one recorded tensor read at once' },
  /** PyTorch allows 64 dimensions. */
  traceRank: { name: 'traceRank', max: 64, unit: 'dimensions of one recorded tensor' },
  /** Ids, module paths, op and parameter names. */
  traceNameChars: { name: 'traceNameChars', max: 4_096, unit: 'characters in one name of a recording' },
  /** Histogram bins of one tensor's stats. */
  traceBins: { name: 'traceBins', max: 1_024, unit: 'histogram bins of one recorded tensor' },
  /** Chunk headers kept parsed at once (each up to the safetensors header limit). */
  traceHeaders: { name: 'traceHeaders', max: 8, unit: 'chunk headers kept in memory' },
} as const satisfies Record<string, Limit>;

/** `the file nests deeper than 64 levels here; the limit \`depth\` is 64 levels of nesting in a model file` */
export function overLimit(limit: Limit, what: string): string {
  return `${what}; the limit \`${limit.name}\` is ${count(limit.max)} ${limit.unit}`;
}
