/** Importing this module registers every primitive op. */
export * from './arithmetic';
export * from './matmul';
export * from './registry';
