export * from './schedule';
export * from './decay';
export * from './cosine';
export * from './warmup';
export * from './create';
