/** Model files made runnable: the trainer, its step events, and traces of them. */
export * from './contract';
export { buildModel, isEmbeddingModel, type BuiltModel } from './build';
export { createTrainer, ModelTrainer, type StepSummary, type TrainerOptions } from './trainer';
export { loadTrainer, type Loaded } from './load';
export { located, describeLocated } from './located';
export type { Accuracy } from './loss';
export type { Evaluation } from './objective';
export { traceSteps, traceStep, summarize, type Trace, type TraceEvent, type TraceStep, type TensorSummary } from './trace';
export { StateWire, type BuiltLayer, type Wire } from './wire';
