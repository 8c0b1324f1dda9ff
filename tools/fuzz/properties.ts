import * as path from 'node:path';
import { MODEL_FILE } from './model-file';
import type { FuzzProperty } from './property';

/** A property and where a worker process finds it: the module and the name it is exported as. */
export interface PropertyEntry {
  readonly property: FuzzProperty<unknown>;
  readonly module: string;
  readonly export: string;
}

/** Every property `npm run fuzz` knows, by the name `--only` takes. Another property is one more entry. */
export const PROPERTIES: ReadonlyMap<string, PropertyEntry> = new Map<string, PropertyEntry>([
  [MODEL_FILE.name, { property: MODEL_FILE as FuzzProperty<unknown>, module: path.join(__dirname, 'model-file.ts'), export: 'MODEL_FILE' }],
]);
