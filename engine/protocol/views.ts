import type { FrameInfo, Location, Phase, SourceRange } from './location';
import type { StopInfo } from './session';
import type { TensorView } from './values';
import type { FastTextView, GloveView, HuffmanView, NegativeSamplingView } from './wordViews';

/** Everything the Inspector shows at one stop. Sections are null when they do not apply. */
export interface InspectorView {
  readonly model: { readonly name: string; readonly description: string; readonly file: string };
  readonly stop: StopInfo;
  readonly stack: readonly FrameInfo[];
  readonly op: OpView | null;
  readonly gradients: GradientsView | null;
  /** Per-layer gradient norms of every training step run before this one (and of this one once its backward pass is done). */
  readonly gradientHistory: GradientHistoryView | null;
  readonly gates: readonly GateView[];
  readonly attention: readonly AttentionView[];
  readonly training: TrainingView;
  readonly embeddings: EmbeddingView | null;
  readonly boundary: DecisionBoundaryView | null;
  /** For image inputs (`image: [h, w]` on a table) classified with cross_entropy: the batch's examples the model gets wrong. */
  readonly mistakes: MistakesView | null;
  /** The optimizer's path on the loss surface; null for a model whose loss has no whole-data-set value. */
  readonly lossSurface?: LossSurfaceView | null;
  /** The run before the last Restart, drawn faded under this run's loss and gradient-norm curves; null before any Restart. */
  readonly previousRun: RunSeries | null;
  /** At an activation op (forward or backward): its curve with the pre-activations drawn over it. Absent from older hosts. */
  readonly activation?: ActivationView | null;
  /** Each Transformer block of the model: its residual stream, layer norms and position vectors. */
  readonly transformer?: readonly TransformerBlockView[];
  /** Each token seq2seq layer: per decoder step the top-k tokens, teacher-forced beside greedy, and the alignment. */
  readonly decoding?: readonly DecodingView[];
  /** The word-embedding objectives (wordViews.ts); absent or null for other models. */
  readonly huffman?: HuffmanView | null;
  readonly negativeSampling?: NegativeSamplingView | null;
  readonly glove?: GloveView | null;
  readonly fastText?: FastTextView | null;
}

/**
 * A run's curves as the Inspector charts them: loss per training step (at most 2,000 points) and the
 * per-layer gradient norms (at most 1,000), every step the run recorded, evenly thinned past that.
 */
export interface RunSeries {
  /** Which run of the debug session: 1 for the first, one more at each Restart. */
  readonly run: number;
  readonly losses: readonly { readonly step: number; readonly loss: number }[];
  readonly gradientHistory: GradientHistoryView | null;
}

/** The current op: formula and numbers. */
export interface OpView {
  readonly node: string;
  readonly op: string;
  readonly phase: Phase;
  readonly scope: readonly string[];
  /** LaTeX of the forward formula (or the gradient formula during backward, the rule during update). */
  readonly formula: string;
  /**
   * The formula with the current numbers: substituted where the tensors are small enough to read;
   * for an optimizer update, the rule worked on the parameter's first element; else `formula`.
   */
  readonly formulaWithValues: string;
  /** What the numbers are, when it needs saying: `On the first element, fc1.W[0,0], at t = 3 (η = 0.1)`. */
  readonly valuesCaption?: string;
  readonly inputs: readonly NamedTensor[];
  readonly outputs: readonly NamedTensor[];
  /** During backward: the gradient this node sends to each input. */
  readonly grads: readonly NamedTensor[];
}

export interface NamedTensor {
  /** The op's own name for it (`a`, `x`, `gamma`). */
  readonly role: string;
  readonly tensor: TensorView;
}

export interface GradientsView {
  /**
   * Per layer (model order): L2 norm of the gradient of the layer's parameters in this step so far;
   * null while the backward pass has not reached any of them.
   */
  readonly layers: readonly { readonly layer: string; readonly norm: number | null }[];
  /**
   * For recurrent layers: ‖∂L/∂h_t‖ per time step, before and (when clipping is on) after clipping;
   * null for the time steps the backward pass has not reached yet.
   */
  readonly perTimeStep: readonly { readonly layer: string; readonly norms: readonly (number | null)[]; readonly clippedNorms?: readonly (number | null)[] }[];
  /** Global norm before clipping and the threshold, when clipping by norm is on. */
  readonly clip: { readonly totalNorm: number; readonly maxNorm: number } | null;
}

/**
 * Per-layer gradient norms over training steps, from the session's history (so a Continue over many
 * steps leaves no gaps): column-wise, `norms[k]` belongs to `steps[k]`. At most a bounded number of
 * steps is sent; past it they are evenly thinned (`every` > 1), the last one always kept.
 */
export interface GradientHistoryView {
  readonly steps: readonly number[];
  /** Per layer (model order): ‖∂L/∂θ‖₂ of its parameters before clipping; null where unknown or not finite. */
  readonly layers: readonly { readonly layer: string; readonly norms: readonly (number | null)[] }[];
  /** 1 when every step run is in `steps`, else roughly every how many steps one is kept. */
  readonly every: number;
}

/** Gate activations of a recurrent layer: one heatmap per gate, rows = time steps, columns = units. */
export interface GateView {
  readonly layer: string;
  readonly cell: 'lstm' | 'gru' | 'gru_torch' | 'rnn';
  /** The time step being executed, when stepping inside the layer. */
  readonly currentTimeStep: number | null;
  /** For batched input, the sequence shown (0). */
  readonly batchIndex: number;
  readonly gates: readonly GateMap[];
}

/** The elementwise activations a gate's values can come from: each fixes their range. */
export type GateActivation = 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'elu' | 'silu';

/** One gate (or state) of a recurrent layer over the time steps of this training step. */
export interface GateMap {
  /** The layer's own name for it: `gate_f`, `candidate`, `h`. */
  readonly name: string;
  /** The activation op that made the values (`sigmoid` ∈ (0, 1), `tanh` ∈ (−1, 1), `relu` ≥ 0); null when another op did (a product, a sum). */
  readonly activation: GateActivation | null;
  readonly steps: number;
  readonly units: number;
  /** Per time step: whether the cursor has reached it. The rows of the others hold 0, never their future values. */
  readonly computed: readonly boolean[];
  /** Row-major, steps × units. */
  readonly values: readonly number[];
}

/** Attention weights: rows = queries, columns = keys, one matrix per head. */
export interface AttentionView {
  readonly layer: string;
  /** The op that computed the weights (to link the heatmap to the graph). */
  readonly node: string;
  readonly queryLabels: readonly string[];
  readonly keyLabels: readonly string[];
  /** What the labels are, for the reader: `… the tokens of data field ‘source’, example 0 of the batch …`, or positions. */
  readonly labelsAre: string;
  /** Per head: whether the cursor has reached the op that computes its weights (else `values` are all 0). */
  readonly heads: readonly { readonly head: number; readonly computed: boolean; readonly values: readonly number[] }[];
  /**
   * A fused attention kernel (scaled_dot_product_attention) returns no weights: how they were
   * computed from its q and k, or (`computed` false) why they are not shown (yet).
   */
  readonly fused?: { readonly computed: boolean; readonly text: string };
}

export interface TrainingView {
  /** The cursor's training step as the UI numbers steps (a recording's own number); every `step` below is numbered so. */
  readonly trainingStep: number;
  readonly totalSteps: number;
  /** `step 3 of 20`; a recording's `step 100 (1 of 3 recorded)`. Absent from older hosts. */
  readonly stepText?: string;
  /** Loss per completed training step (and the current one once the cursor has reached the loss). */
  readonly losses: readonly { readonly step: number; readonly loss: number }[];
  /**
   * Loss (and share of right answers, null where the loss has none) on the held-out examples, every
   * `validation.every` steps up to the cursor; null without `validation:` in the data.
   */
  readonly validation: { readonly every: number; readonly points: readonly ValidationPoint[] } | null;
  /** The schedule's learning rate for every planned step. */
  readonly lrs: readonly { readonly step: number; readonly lr: number }[];
  readonly optimizer: {
    readonly kind: string;
    readonly formula: string;
    readonly hyperparams: readonly { readonly name: string; readonly value: number | boolean; readonly meaning: string }[];
    /**
     * Per parameter updated so far in this step: its state buffers (`fc1.W.m`, a recording's
     * `fc1.weight.exp_avg`) with the formula's symbol and their L2 norms before and after the update
     * (null: none before, or not known). Absent from older hosts.
     */
    readonly state?: readonly { readonly param: string; readonly buffers: readonly { readonly name: string; readonly symbol: string; readonly before: number | null; readonly after: number | null }[] }[];
  };
  readonly schedule: { readonly kind: string; readonly formula: string };
  /** A language model's lines of text (`training: generate:`) after the steps completed before the cursor's, oldest first. */
  readonly generated?: readonly { readonly step: number; readonly text: string }[];
}

export interface ValidationPoint {
  readonly step: number;
  readonly loss: number;
  readonly accuracy: number | null;
}

export interface EmbeddingView {
  readonly words: readonly string[];
  /** 2-D PCA projection, one [x, y] per word. */
  readonly points: readonly (readonly [number, number])[];
  /** The share of variance the two components explain. */
  readonly explained: readonly [number, number];
  /**
   * The full word vectors (row-major, one row of `dim` per word, in `words` order), for nearest
   * neighbours and analogies by cosine; null when they are too many numbers to send at every stop.
   */
  readonly vectors: { readonly dim: number; readonly values: readonly number[] } | null;
}

export interface DecisionBoundaryView {
  /** Model output (probability of class 1, or score) on a grid of nx × ny points, row-major from (x0, y0). */
  readonly nx: number;
  readonly ny: number;
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  readonly values: readonly number[];
  readonly points: readonly { readonly x: number; readonly y: number; readonly label: number }[];
}

/**
 * The optimizer's path on the loss surface. `weights`: the model has two parameters (w1, w2), drawn
 * as they are, with the exact loss on a grid around the path at every stop. `pca`: any other model,
 * on the plane through the cursor's parameters spanned by the two leading principal directions of
 * the parameter trajectory (Li et al. 2018); its grid and path come on request (`landscape`), the
 * stop's view holds neither.
 */
export interface LossSurfaceView {
  readonly plane: 'weights' | 'pca';
  readonly axes: readonly [SurfaceAxis, SurfaceAxis];
  /** What the loss is on: `mse loss, mean over all 2 examples of the training data`. */
  readonly lossIs: string;
  readonly grid: SurfaceGrid | null;
  /** θ after each completed step up to the cursor (step 0: the initialisation), oldest first; thinned past 500 points. */
  readonly path: readonly PathPoint[];
  /** The marked point: the parameters where the cursor stands (`step`: the updates done); null in a pca stop view. */
  readonly current: PathPoint | null;
  /** Training steps completed at the cursor. */
  readonly completedSteps: number;
  /** The learning rate the file sets (what the racers share). */
  readonly lr: number;
  /** The optimizer of this run, as the racers name it (`sgd`, `momentum`, `adam`, …). */
  readonly optimizer: string;
}

export interface SurfaceAxis {
  /** `w1`, `PC1`. */
  readonly name: string;
  /** `point.W[0]`, `41 % of the trajectory's variance`. */
  readonly meaning: string;
  /** pca: the share of the trajectory's variance along it. */
  readonly explained?: number;
}

/** L on nx × ny points, row-major from (x0, y0). */
export interface SurfaceGrid {
  readonly nx: number;
  readonly ny: number;
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  readonly values: readonly number[];
}

/** θ after `step` updates, in the plane's coordinates, and L(θ) on the data the view names. */
export interface PathPoint {
  readonly step: number;
  readonly at: readonly [number, number];
  readonly loss: number;
}

/** The other optimizers raced from the run's initialisation with its learning rate and data, every step of the run. */
export interface RaceView {
  readonly lr: number;
  readonly steps: number;
  readonly racers: readonly { readonly optimizer: string; readonly label: string; readonly path: readonly PathPoint[] }[];
}

/**
 * The examples of the current batch the model classifies wrongly, as grayscale images: known once
 * the cursor has reached the step's loss (`computed`), never before (the trainer has already run the
 * forward pass, but the user has not stepped through it).
 */
export interface MistakesView {
  readonly height: number;
  readonly width: number;
  /** The pixel values drawn black and white: the least and the greatest of the whole batch. */
  readonly range: readonly [number, number];
  readonly computed: boolean;
  readonly batch: number;
  /** How many of the batch are wrong; at most `shown` of them are in `examples`. */
  readonly wrong: number;
  readonly shown: number;
  readonly examples: readonly MistakeView[];
}

export interface MistakeView {
  /** The row of the batch. */
  readonly row: number;
  /** height × width values, row by row. */
  readonly pixels: readonly number[];
  readonly trueClass: { readonly id: number; readonly label: string };
  readonly predicted: { readonly id: number; readonly label: string };
  /** softmax(logits)[predicted]: how sure the model is of its wrong answer. */
  readonly probability: number;
}

/** The computation graph at layer level, with ops inside each layer (collapsible). */
export interface GraphView {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** The node that stands for the current stop: its op, or during an update the parameter updated (null for a clip). */
  readonly current: string | null;
  /** The layer of the current stop (`loss` for the loss), as in `GraphNode.layer`. */
  readonly currentLayer: string | null;
  readonly phase: Phase;
}

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly kind: 'data' | 'layer' | 'op' | 'loss' | 'param';
  /** For ops and parameters: the layer node they belong to. */
  readonly parent: string | null;
  /** The model layer it belongs to or is (`loss` for the loss and its ops); null for data. */
  readonly layer: string | null;
  /** For ops: the scope path the op ran in, outermost first (`['memory', 't3']`, `['heads', 'head1']`); else empty. */
  readonly scope: readonly string[];
  /** For ops inside a recurrent time step: which one (`memory/t3/gate_f` → 3). */
  readonly timeStep: number | null;
  readonly op: string | null;
  readonly range: SourceRange | null;
  /** L2 norm of the output value once the cursor has reached the op, and of its gradient once the backward pass has. */
  readonly valueNorm: number | null;
  readonly gradNorm: number | null;
  readonly shape: readonly number[] | null;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** The tensor flowing along it. */
  readonly tensor: string;
  /** That tensor's shape (`[1, 64, 256]`), drawn on the edge. */
  readonly shape: readonly number[];
  readonly gradNorm: number | null;
}

/** Small per-step history: enough to plot, never full tensors. */
export interface HistoryView {
  readonly steps: readonly StepRecord[];
  /** This run's curves (every step it recorded, wherever the cursor is): what the next Restart keeps as its previous run. */
  readonly run: RunSeries;
  readonly previousRun: RunSeries | null;
}

export interface StepRecord {
  readonly step: number;
  readonly loss: number;
  readonly lr: number;
  /** Per layer: gradient norm of its parameters. */
  readonly gradNorms: Readonly<Record<string, number>>;
  /** Per recurrent layer: ‖∂L/∂h_t‖ per time step. */
  readonly timeStepGradNorms: Readonly<Record<string, readonly number[]>>;
  /** Per gate (`memory.gate_f`): its mean activation in this step. */
  readonly gateMeans: Readonly<Record<string, number>>;
  /** Per attention layer: mean entropy of its weights (nats). */
  readonly attentionEntropy: Readonly<Record<string, number>>;
  readonly clipped: boolean;
}

/**
 * The activation op at the cursor: f and f′ sampled over [lo, hi], the histogram of its inputs x
 * (the pre-activations, all of the batch) in `counts.length` equal bins over the same range (the last
 * bin holds hi; values outside the range are counted in `below` and `above`), and the region where
 * the gradient is lost: `dead` (f′ = 0: ReLU's x ≤ 0) or `saturated` (|f′| < threshold).
 */
export interface ActivationView {
  readonly node: string;
  readonly layer: string | null;
  /** The op: `sigmoid`, `tanh`, `relu`, `leaky_relu`, `elu`, `silu`, `step`. */
  readonly op: string;
  readonly phase: Phase;
  readonly lo: number;
  readonly hi: number;
  /** x of each curve sample, evenly from lo to hi; `f` and `derivative` at each. */
  readonly xs: readonly number[];
  readonly f: readonly number[];
  readonly derivative: readonly number[];
  readonly counts: readonly number[];
  readonly below: number;
  readonly above: number;
  /** How many values x the op read, and how many of them were not finite (not counted anywhere else). */
  readonly total: number;
  readonly nonFinite: number;
  /** Where the gradient is (nearly) lost, as intervals of x within [lo, hi], and the share of the finite x in it. */
  readonly region: { readonly kind: 'dead' | 'saturated'; readonly rule: string; readonly intervals: readonly (readonly [number, number])[]; readonly count: number; readonly fraction: number } | null;
}

/**
 * One Transformer block for example 0 of the batch: ‖x‖₂ of the residual stream per position at
 * each point of the block (input, after each residual sum and each norm, in the order the block
 * computes them), the mean and (biased) variance per position of what each LayerNorm normalises,
 * and the position vectors added before it (learned or sinusoidal), when the model has them.
 * Points and norms the cursor has not reached have `computed: false` and zeros.
 */
export interface TransformerBlockView {
  readonly layer: string;
  readonly norm: 'post' | 'pre';
  readonly positions: number;
  readonly stream: readonly { readonly node: string; readonly label: string; readonly computed: boolean; readonly norms: readonly number[] }[];
  readonly layerNorms: readonly { readonly node: string; readonly label: string; readonly computed: boolean; readonly mean: readonly number[]; readonly variance: readonly number[] }[];
  /** positions × dim, row-major; from the parameter `param` (its values at the cursor). */
  readonly positional: { readonly param: string; readonly rows: number; readonly cols: number; readonly values: readonly number[] } | null;
}

/**
 * A token seq2seq layer's decoding of example 0 of the batch. Teacher forcing is what was trained
 * (the decoder reads the true previous token); greedy is the layer run free with the parameters at
 * the cursor (each step reads its own previous argmax; not recorded on the tape). Per decoder step,
 * once the cursor has reached the outputs (`computed`): the top-k tokens of softmax(logits).
 */
export interface DecodingView {
  readonly layer: string;
  /** The node of the outputs (logits) and of the attention weights. */
  readonly node: string;
  readonly sourceTokens: readonly string[];
  /** The decoder step the cursor is in (inside `<layer>/decoder/t<k>`), else null. */
  readonly currentStep: number | null;
  readonly computed: boolean;
  readonly steps: readonly DecodingStep[];
  readonly hasAttention: boolean;
}

export interface DecodingStep {
  /** The token the decoder read at this step under teacher forcing (<bos>, then the target). */
  readonly input: string;
  /** The target at this step, when the loss names one. */
  readonly target: string | null;
  readonly topK: readonly { readonly token: string; readonly probability: number }[];
  /** The teacher-forced argmax and the greedy (free-running) token; null before `computed`. */
  readonly forced: string | null;
  readonly greedy: string | null;
  /** Attention weights over the source tokens at this step, once computed; null without attention. */
  readonly alignment: readonly number[] | null;
}

export type { Location };
export type * from './wordViews';
