import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { supportedOnnxOps } from '../../../engine/onnx/handlers';
import '../../../engine/onnx/import';

const README = readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');

describe("the README's table of ONNX ops", () => {
  it('lists every supported op once, in order, and no other', () => {
    const start = README.indexOf('## Importing ONNX models');
    assert.ok(start >= 0, 'the README has the section');
    const section = README.slice(start, README.indexOf('\n## ', start + 1));
    const rows = [...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    assert.deepEqual(rows, [...supportedOnnxOps()]);
  });
});
