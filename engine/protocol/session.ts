import type { Diagnostic } from '../model/diagnostics';
import type { DataFiles } from '../model/files';
import type { FrameInfo, Location, Phase } from './location';
import type { CompletionView, EvaluateResult, Precision, TensorPlot, TensorSlice, VariableView } from './values';
import type { GraphView, HistoryView, InspectorView, LossSurfaceView, RaceView, RunSeries } from './views';

/** Exception-style breakpoints the session can stop on. */
export type ExceptionFilter = 'nan_inf' | 'exploding' | 'vanishing' | 'dead_relu' | 'op_error';

export interface ExceptionFilterSetting {
  readonly filter: ExceptionFilter;
  /** exploding: gradient norm above; vanishing: below; dead_relu: fraction of units at zero. */
  readonly threshold?: number;
}

/**
 * An exception filter as a debugger UI offers it before the session starts (DAP's
 * ExceptionBreakpointsFilter), decided by the engine from the model file and the launch overrides.
 */
export interface ExceptionFilterOffer {
  readonly filter: ExceptionFilter;
  /** `Exploding gradients: ‖∇‖ > 100`: with the threshold that an empty condition means. */
  readonly label: string;
  readonly description: string;
  /** On at start. */
  readonly on: boolean;
  /** What an empty condition means; absent for a filter without a threshold. */
  readonly threshold?: number;
  readonly conditionDescription?: string;
}

/** A breakpoint on a line of the model file (it binds to the layer whose lines contain it). */
export interface BreakpointSpec {
  readonly line: number;
  /** An expression such as `loss < 0.1` or `norm(grad(memory.W_f)) > 5`. */
  readonly condition?: string;
  /** Stop on the Nth hit: `5`, `>= 5`, `% 10`. */
  readonly hitCondition?: string;
  /** A logpoint: printed at each hit, `{expr}` evaluated (`loss={loss}`), instead of stopping. */
  readonly logMessage?: string;
}

/** A function breakpoint: an op kind (`softmax`), a node-name pattern (`decoder/*`), a phase (`update`) or a training step (`step 100`). */
export interface FunctionBreakpointSpec {
  readonly name: string;
  readonly condition?: string;
  readonly hitCondition?: string;
}

/** A data breakpoint on a tensor named by `dataId` (from `dataBreakpointInfo`). */
export interface DataBreakpointSpec {
  readonly dataId: string;
  /** A parameter: the relative change ‖Δ‖/‖W‖ to exceed (`> 0.01`; none: any change). A tape tensor: the threshold its norm crosses (`> 5`, `< 0.01`). */
  readonly condition?: string;
  readonly hitCondition?: string;
  /** DAP's access type: Backstep sees values change (`write`, `readWrite`), never read. */
  readonly accessType?: 'read' | 'write' | 'readWrite';
}

/** Whether a Variables row (or an expression) can have a data breakpoint: its id, or null and why not. */
export interface DataBreakpointInfo {
  readonly dataId: string | null;
  readonly description: string;
}

export interface BreakpointResult {
  readonly id: number;
  readonly verified: boolean;
  /** The line it was moved to (the first line of the layer it binds to). */
  readonly line: number;
  /** Why it is not verified, or the layer it binds to. */
  readonly message?: string;
}

/** `restart`: a frame was restarted (DAP's reason after restartFrame). */
export type StopReason = 'entry' | 'step' | 'breakpoint' | 'exception' | 'pause' | 'goto' | 'restart' | 'end';

export interface StopInfo {
  readonly reason: StopReason;
  /** One sentence for the user: `Paused on NaN or Inf: NaN produced by memory/t3/gate_f: 2 of 8 values`. */
  readonly description: string;
  readonly location: Location;
  readonly breakpointIds: readonly number[];
  readonly exception?: { readonly filter: ExceptionFilter; readonly message: string };
}

/**
 * A place Goto goes to: the start of a training step; with a phase, that phase's first stop; with a
 * layer too, that layer's stop in the phase (in `update`, its first parameter update). Stops are at
 * layer level, where Step Over stops.
 */
export interface JumpPoint {
  readonly trainingStep: number;
  readonly phase?: Phase;
  readonly layer?: string;
}

/** Where Goto can go from a line of the model file (DAP's GotoTarget without its id). */
export interface GotoTarget {
  /** `step 250 › backward › hidden` */
  readonly label: string;
  /** The line of the layer, loss or training section it stops at. */
  readonly line: number;
  readonly to: JumpPoint;
}

/** What Step In can go into at the cursor: a time step, a module, a head, a sub-layer or an op. */
export interface StepInTarget {
  /** The event where it begins: unique among the targets of one stop. */
  readonly id: number;
  /** `t5`, `head0`, `ffn`, `xW = matmul(…)` */
  readonly label: string;
}

/** Requests to a session, shaped after the Debug Adapter Protocol (each has a `command`). */
export type SessionRequest =
  | { readonly command: 'stepOver' | 'stepOut' | 'stepBack' | 'continue' | 'reverseContinue' | 'pause' | 'restart' }
  /** Without a target, the next level down (./stepping.ts); with one, into that target of `stepInTargets`. */
  | { readonly command: 'stepIn'; readonly targetId?: number }
  | ({ readonly command: 'goto' } & JumpPoint)
  | { readonly command: 'gotoTargets'; readonly line: number }
  | { readonly command: 'stepInTargets' }
  /** A frame id of the last `stackTrace`: back to the start of that step, phase, layer, module or time step. */
  | { readonly command: 'restartFrame'; readonly frameId: number }
  | { readonly command: 'setBreakpoints'; readonly breakpoints: readonly BreakpointSpec[] }
  | { readonly command: 'setExceptionBreakpoints'; readonly filters: readonly ExceptionFilterSetting[] }
  | { readonly command: 'setFunctionBreakpoints'; readonly breakpoints: readonly FunctionBreakpointSpec[] }
  /** `ref`: the Variables reference whose row is named `name`; null: `name` is an expression (Watch). */
  | { readonly command: 'dataBreakpointInfo'; readonly ref: string | null; readonly name: string }
  | { readonly command: 'setDataBreakpoints'; readonly breakpoints: readonly DataBreakpointSpec[] }
  | { readonly command: 'stackTrace' }
  | { readonly command: 'scopes' }
  | { readonly command: 'variables'; readonly ref: string; readonly start?: number; readonly count?: number }
  | { readonly command: 'evaluate'; readonly expression: string; readonly precision?: Precision }
  /** Set Value: `expression = value` at the cursor (engine/session/edits.ts); answered with the new value. */
  | { readonly command: 'setExpression'; readonly expression: string; readonly value: string }
  /** Set Value on the row `name` of a Variables reference. */
  | { readonly command: 'setVariable'; readonly ref: string; readonly name: string; readonly value: string }
  | { readonly command: 'tensorSlice'; readonly name: string; readonly start: number; readonly count: number }
  /** The names to complete the word before `column` (an offset in `text`, from 0). */
  | { readonly command: 'completions'; readonly text: string; readonly column: number }
  | { readonly command: 'tensorPlot'; readonly expression: string }
  | { readonly command: 'inspector' }
  | { readonly command: 'graph' }
  | { readonly command: 'history' }
  /** Every parameter at the cursor under PyTorch's names (engine/weights/torchNames.ts), and the optimizer's state when asked. */
  | { readonly command: 'saveWeights'; readonly optimizer?: boolean }
  /** A model with two parameters: the other optimizers raced from the run's initialisation (engine/session/surface/race.ts). */
  | { readonly command: 'race' }
  /** Any model: the loss on a `size` × `size` grid (default 41) of its trajectory's plane; long, served off the stepping path, with `landscapeProgress` events. */
  | { readonly command: 'landscape'; readonly size?: number }
  /** Ends the landscapes being computed (each answers E_CANCELLED). */
  | { readonly command: 'cancelLandscape' };

/** What "Save Weights…" writes as safetensors (engine/weights/safetensorsWrite.ts): plain numbers, exact in JSON. */
export interface SavedWeights {
  readonly tensors: readonly { readonly name: string; readonly dtype: 'F64' | 'F32'; readonly shape: readonly number[]; readonly data: readonly number[] }[];
  readonly metadata: Readonly<Record<string, string>>;
  /** The model's name and the training step at the cursor: `mlp-xor`, 12. */
  readonly model: string;
  readonly trainingStep: number;
}

export type SessionCommand = SessionRequest['command'];

/** The body of the answer to each request. */
export interface SessionResponseBody {
  stepOver: StopInfo;
  stepIn: StopInfo;
  stepOut: StopInfo;
  stepBack: StopInfo;
  continue: StopInfo;
  reverseContinue: StopInfo;
  pause: StopInfo;
  restart: StopInfo;
  goto: StopInfo;
  gotoTargets: readonly GotoTarget[];
  stepInTargets: readonly StepInTarget[];
  restartFrame: StopInfo;
  setBreakpoints: readonly BreakpointResult[];
  setExceptionBreakpoints: readonly ExceptionFilter[];
  /** `line` is 0: function and data breakpoints have none. */
  setFunctionBreakpoints: readonly BreakpointResult[];
  dataBreakpointInfo: DataBreakpointInfo;
  setDataBreakpoints: readonly BreakpointResult[];
  stackTrace: readonly FrameInfo[];
  scopes: readonly VariableView[];
  variables: readonly VariableView[];
  evaluate: EvaluateResult;
  setExpression: EvaluateResult;
  setVariable: EvaluateResult;
  tensorSlice: TensorSlice;
  completions: readonly CompletionView[];
  tensorPlot: TensorPlot;
  inspector: InspectorView;
  graph: GraphView;
  history: HistoryView;
  saveWeights: SavedWeights;
  race: RaceView;
  landscape: LossSurfaceView;
  cancelLandscape: { readonly cancelled: number };
}

/** An answer: a body, or a located, user-facing error. */
export type SessionResponse<C extends SessionCommand = SessionCommand> =
  | { readonly ok: true; readonly command: C; readonly body: SessionResponseBody[C] }
  | { readonly ok: false; readonly command: C; readonly error: SessionError };

export interface SessionError {
  readonly code: string;
  readonly message: string;
  readonly layer?: string;
  readonly node?: string;
}

/** Events a session emits on its own. */
export type SessionEvent =
  | { readonly event: 'stopped'; readonly stop: StopInfo }
  | { readonly event: 'continued' }
  | { readonly event: 'progress'; readonly trainingStep: number; readonly totalSteps: number; readonly loss: number | null }
  | { readonly event: 'output'; readonly category: 'console' | 'stderr'; readonly text: string }
  | { readonly event: 'diagnostics'; readonly diagnostics: readonly Diagnostic[] }
  /** The number of edits of values in force changed (one made, or undone by going back before it). */
  | { readonly event: 'edits'; readonly count: number }
  /** A loss landscape being computed: grid points done of all. */
  | { readonly event: 'landscapeProgress'; readonly done: number; readonly total: number }
  | { readonly event: 'terminated'; readonly reason: string };

/** How a session is started: the model file's text and where it came from, plus launch options. */
export interface LaunchOptions {
  /** The model file's path or URI, as shown in messages and stack frames. */
  readonly file: string;
  readonly text: string;
  readonly stopOnEntry?: boolean;
  /** Overrides the file's `training.steps`. */
  readonly steps?: number;
  /** Overrides the file's `debug.break_on` (exception breakpoints on at start). */
  readonly exceptionFilters?: readonly ExceptionFilterSetting[];
  /** After a Restart that opens a new session: the curves of the run before, drawn faded in the Inspector. */
  readonly previousRun?: RunSeries;
  /** The bytes of the data files the model file names, keyed by the path as written (engine/model/files.ts: the seam). */
  readonly files?: DataFiles;
}

/** What a launch configuration may change about how a session runs its file (the rest of LaunchOptions says which file). */
export type LaunchOverrides = Pick<LaunchOptions, 'steps' | 'stopOnEntry' | 'exceptionFilters'>;

/**
 * What the debug adapter and the webview hosts talk to: a session in the same thread or in a worker.
 * `launch` opens the model file with the launch overrides (or answers with its located errors);
 * `start`, once the client has set its breakpoints, goes to the first stop: the entry, or wherever a
 * run stops, as the session decides. Every other request answers once the session is stopped again;
 * events arrive in between.
 */
export interface SessionClient {
  launch(options: LaunchOptions): Promise<{ readonly ok: true } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly message: string }>;
  start(): Promise<SessionResponse<'continue'>>;
  request<R extends SessionRequest>(request: R): Promise<SessionResponse<R['command']>>;
  onEvent(listener: (event: SessionEvent) => void): () => void;
  dispose(): void;
}
