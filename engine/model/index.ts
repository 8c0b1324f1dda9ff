/**
 * Model files (`*.nn.yaml`, `*.nn.json`): check one, read its spec, generate its data, and the
 * catalogue and schema that editors use for completion, hover and validation.
 */
export { checkModel, type CheckOptions, type CheckResult } from './check';
export { formatDiagnostic, formatDiagnostics, ModelFileError, type Diagnostic, type ModelErrorCode, type SourceRange } from './diagnostics';
export type { ModelSpec, LayerSpec, InputRef, DataSpec, LossSpec, TrainingSpec, DebugSpec, KindSpec, ClipSpec, BreakOn } from './spec';
export type { CheckedModel } from './validate';
export type { InferredLayer } from './infer';
export { DEFAULT_BUDGET, type Budget } from './budget';
export { buildDataSet, dataRng } from './dataset';
export { LAYER_KINDS, layerKind, type LayerKindDef, type Value } from './catalog';
export { TASKS } from './catalog/data';
export { LOSSES, OPTIMIZERS, SCHEDULES, BREAKPOINTS } from './catalog/training';
export { modelSchema } from './schema';
export { layerHover, kindHover } from './docs';
