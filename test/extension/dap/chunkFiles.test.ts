import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { nodeChunkFiles } from '../../../extension/dap/chunkFiles';

/** nodeChunkFiles: ranged reads of `<index>.chunks/<name>`, and nothing outside that folder. */
const INDEX = path.resolve(__dirname, '../../fixtures/trace/mlp.bstrace');
const CHUNK = `${INDEX}.chunks/00000.safetensors`;

describe('nodeChunkFiles (extension/dap/chunkFiles.ts)', () => {
  it('gives a chunk\'s size and the bytes of a range, shorter at the end of the file', () => {
    const chunks = nodeChunkFiles(INDEX);
    const whole = readFileSync(CHUNK);
    assert.equal(chunks.size('00000.safetensors'), statSync(CHUNK).size);
    assert.deepEqual([...chunks.read('00000.safetensors', 8, 16)], [...whole.subarray(8, 24)]);
    assert.equal(chunks.read('00000.safetensors', whole.length - 4, 100).length, 4);
  });

  it('a missing chunk has no size; a name that leaves the folder is missing too', () => {
    const chunks = nodeChunkFiles(INDEX);
    assert.equal(chunks.size('99999.safetensors'), null);
    assert.equal(chunks.size('../mlp.bstrace'), null);
    assert.equal(chunks.size('..'), null);
    assert.equal(chunks.read('../mlp.bstrace', 0, 10).length, 0);
  });
});
