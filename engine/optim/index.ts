export * from './optimizer';
export * from './options';
export * from './sgd';
export * from './adagrad';
export * from './rmsprop';
export * from './adam';
export * from './clip';
export * from './create';
