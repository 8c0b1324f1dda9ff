/** Importing this module registers every primitive op. */
export * from './arithmetic';
export * from './matmul';
export * from './activations';
export * from './reduce';
export * from './shape';
export * from './softmax';
export * from './losses';
export * from './layer_norm';
export * from './log_sigmoid';
export * from './mask';
export * from './batch_matmul';
export * from './registry';
export * from './broadcast';
export * from './compare';
export * from './erf';
