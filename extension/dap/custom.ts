import type { GraphView, HistoryView, InspectorView, StopInfo, TensorSlice } from '../../engine/protocol';

/**
 * The adapter's custom DAP requests and events, for the webviews' hosts and the editor decorations.
 * They work the same with the inline adapter and the stdio one: `session.customRequest('inspector')`,
 * `vscode.debug.onDidReceiveDebugSessionCustomEvent` with the event names below.
 */
export const CustomEvent = {
  /** Every stop, with the session's own description of where it stands (body: `StoppedBody`). */
  stopped: 'backstep.stopped',
  /** The session started moving again (body: `{}`): stale views should dim. */
  continued: 'backstep.continued',
  /** Training progress (body: `{ trainingStep, totalSteps, loss }`). */
  progress: 'backstep.progress',
} as const;

export interface StoppedBody {
  readonly stop: StopInfo;
  /** The model file, as given in `program`. */
  readonly program: string;
}

/**
 * Custom requests and their answers (arguments as in the session protocol). Named with a prefix so
 * they never collide with DAP's own requests (DAP has a `goto` of its own).
 */
export interface CustomRequests {
  'backstep.inspector': { args: Record<string, never>; body: InspectorView };
  'backstep.graph': { args: Record<string, never>; body: GraphView };
  'backstep.history': { args: Record<string, never>; body: HistoryView };
  'backstep.tensorSlice': { args: { name: string; start: number; count: number }; body: TensorSlice };
  'backstep.goto': { args: { trainingStep: number }; body: StopInfo };
}

export type CustomRequestName = keyof CustomRequests;

export const CUSTOM_REQUESTS: readonly CustomRequestName[] = ['backstep.inspector', 'backstep.graph', 'backstep.history', 'backstep.tensorSlice', 'backstep.goto'];

/** The most values one tensorSlice may carry. */
export const SLICE_LIMIT = 10_000;
