import { MODEL_FILE } from './model-file';
import type { FuzzProperty } from './property';

/** Every property `npm run fuzz` knows, by the name `--only` takes. Another property is one more entry. */
export const PROPERTIES: ReadonlyMap<string, FuzzProperty<unknown>> = new Map<string, FuzzProperty<unknown>>([
  [MODEL_FILE.name, MODEL_FILE as FuzzProperty<unknown>],
]);
