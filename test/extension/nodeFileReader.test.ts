import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileReader } from '../../extension/nodeFileReader';

describe('nodeFileReader: the file-reader port on Node fs', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'backstep-reader-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the bytes of a file within the limit', async () => {
    writeFileSync(join(dir, 'a.bin'), Uint8Array.from([1, 2, 3]));
    assert.deepEqual(await nodeFileReader.readBytes(join(dir, 'a.bin'), 3), { ok: true, bytes: Uint8Array.from([1, 2, 3]) });
  });

  it('refuses a file over the limit by its size, saying both', async () => {
    writeFileSync(join(dir, 'big.bin'), new Uint8Array(2000));
    assert.deepEqual(await nodeFileReader.readBytes(join(dir, 'big.bin'), 1000), { ok: false, missing: false, message: 'it has 2,000 bytes, over the limit of 1,000 bytes for one data file' });
  });

  it('answers for a missing file and a folder instead of throwing', async () => {
    assert.deepEqual(await nodeFileReader.readBytes(join(dir, 'none.csv'), 10), { ok: false, missing: true, message: 'no such file' });
    assert.deepEqual(await nodeFileReader.readBytes(dir, 10), { ok: false, missing: false, message: 'it is a folder' });
  });
});
