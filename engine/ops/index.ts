/** Importing this module registers every primitive op. */
export * from './arithmetic';
export * from './matmul';
export * from './activations';
export * from './mask';
export * from './registry';
