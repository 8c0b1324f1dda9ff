/**
 * Writes the JSON Schema of model files, generated from the catalogue, to schemas/nn.schema.json.
 * Run after changing a layer kind or setting: `npx tsx tools/gen-schema.ts` (a test checks it is current).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelSchema } from '../engine/model/schema';

export const SCHEMA_PATH = join(__dirname, '..', 'schemas', 'nn.schema.json');

export function schemaText(): string {
  return `${JSON.stringify(modelSchema(), null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(SCHEMA_PATH, schemaText());
  console.log(`wrote ${SCHEMA_PATH}`);
}
