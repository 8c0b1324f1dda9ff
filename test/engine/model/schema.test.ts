import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { LAYER_KINDS } from '../../../engine/model/catalog';
import { modelSchema } from '../../../engine/model/schema';
import { checkModel } from '../../../engine/model/check';
import { SCHEMA_PATH, schemaText } from '../../../tools/gen-schema';
import { validateJson } from './support/json-schema';

const SAMPLES = join(__dirname, '..', '..', '..', 'samples');

describe('JSON Schema of model files', () => {
  it('the committed schemas/nn.schema.json is up to date (regenerate: npx tsx tools/gen-schema.ts)', () => {
    assert.equal(readFileSync(SCHEMA_PATH, 'utf8'), schemaText());
  });

  it('describes every layer kind and every setting of it, with its doc', () => {
    const defs = modelSchema().definitions as Record<string, { properties: Record<string, { anyOf?: { properties?: Record<string, unknown> }[]; properties?: Record<string, { description?: string }> }> }>;
    for (const k of LAYER_KINDS) {
      const value = defs[`layer.${k.kind}`].properties[k.kind];
      const settings = (value.properties ?? value.anyOf?.find((s) => s.properties)?.properties) as Record<string, { description?: string }>;
      for (const [attr, def] of Object.entries(k.attrs)) assert.equal(settings[attr]?.description, def.doc, `${k.kind}.${attr}`);
      for (const slot of k.inputs) assert.ok(settings[slot.name], `${k.kind} input ${slot.name}`);
    }
  });

  it('accepts every sample', () => {
    const schema = modelSchema();
    for (const f of readdirSync(SAMPLES).filter((n) => n.endsWith('.nn.yaml'))) {
      assert.deepEqual(validateJson(schema, parse(readFileSync(join(SAMPLES, f), 'utf8'))), [], f);
    }
  });

  it('agrees with the checker on structural mistakes', () => {
    const schema = modelSchema();
    const base = { data: { task: 'xor' }, model: [{ linear: { out: 1 } }], loss: 'mse' };
    const variants: [string, unknown][] = [
      ['an unknown layer setting', { ...base, model: [{ linear: { out: 1, bais: false } }] }],
      ['a wrong type', { ...base, model: [{ linear: { out: 'one' } }] }],
      ['a missing required setting', { ...base, model: [{ linear: {} }] }],
      ['an unknown kind', { ...base, loss: 'mae' }],
      ['settings beside the kind', { ...base, model: [{ linear: null, out: 1 }] }],
      ['two data sources', { ...base, data: { task: 'xor', text: ['a b'] } }],
      ['an out-of-range value', { ...base, training: { lr: 0 } }],
    ];
    assert.deepEqual(validateJson(schema, base), []);
    assert.deepEqual(checkModel(JSON.stringify(base)).diagnostics, []);
    for (const [what, doc] of variants) {
      assert.notDeepEqual(validateJson(schema, doc), [], `the schema rejects ${what}`);
      assert.notDeepEqual(checkModel(JSON.stringify(doc)).diagnostics, [], `the checker rejects ${what}`);
    }
  });
});
