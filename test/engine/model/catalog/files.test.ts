import * as assert from 'node:assert/strict';
import { ARRAY_FORMATS, TABLE_ATTRS, TABLE_FORMATS, TABLE_NAME_KEYS } from '../../../../engine/model/catalog/files';
import { modelSchema } from '../../../../engine/model/schema';
import { completionsAt } from '../../../../extension/language/completion';
import { hoverAt } from '../../../../extension/language/hover';

/** The data-file rows of the catalogue are what the schema, completion and hover offer: nothing retyped. */
describe('catalog/files: data read from files', () => {
  const formats = [...TABLE_FORMATS, ...ARRAY_FORMATS];

  it('gives the schema one source per format, beside the built-in ones, and the table keys with their docs', () => {
    const data = (modelSchema().definitions as Record<string, { properties: Record<string, { description?: string; default?: unknown }>; oneOf: { required: string[] }[] }>).data;
    for (const f of formats) assert.equal(data.properties[f.key].description, f.doc);
    assert.deepEqual(data.oneOf.map((o) => o.required[0]).slice(-formats.length), formats.map((f) => f.key));
    for (const [key, doc] of Object.entries(TABLE_NAME_KEYS)) assert.equal(data.properties[key].description, doc);
    for (const [key, def] of Object.entries(TABLE_ATTRS)) assert.deepEqual([data.properties[key].description, data.properties[key].default], [def.doc, def.default]);
  });

  it('completes the formats and a table\'s keys under data:, and a setting\'s values', () => {
    const keys = completionsAt('data:\n  \n', 1, 2).map((c) => c.label);
    for (const k of [...formats.map((f) => f.key), ...Object.keys(TABLE_NAME_KEYS), ...Object.keys(TABLE_ATTRS)]) assert.ok(keys.includes(k), k);
    assert.deepEqual(completionsAt('data:\n  csv: a.csv\n  missing: \n', 2, 11).map((c) => c.label), ['error', 'drop']);
  });

  it('explains a format and a table key on hover', () => {
    const text = 'data:\n  npz: d.npz\n  standardize: true\n';
    assert.equal(hoverAt(text, 1, 3)?.markdown, `**npz** — ${ARRAY_FORMATS.find((f) => f.key === 'npz')!.doc}`);
    assert.equal(hoverAt(text, 2, 4)?.markdown, `**standardize** — ${TABLE_ATTRS.standardize.doc}\n\ndefault: \`false\``);
  });
});
