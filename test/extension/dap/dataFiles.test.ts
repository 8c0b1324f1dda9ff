import assert from 'node:assert/strict';
import { readDataFiles } from '../../../extension/dap/dataFiles';
import type { BytesResult, FileReader } from '../../../extension/dap/fileReader';
import { LIMITS } from '../../../engine/limits';

/** A reader that records what it was asked for: the adapter's side of the seam asks once per file, relative to the model, with the limit. */
function recordingReader(answers: Record<string, BytesResult>): FileReader & { asked: [string, number][] } {
  const asked: [string, number][] = [];
  return {
    asked,
    readText: () => Promise.reject(new Error('not used')),
    readBytes: (path, limit) => {
      asked.push([path, limit]);
      return Promise.resolve(answers[path] ?? { ok: false, missing: true, message: 'no such file' });
    },
  };
}

describe('dap/dataFiles: the host reads the files a model names', () => {
  it('reads each named file once, relative to the model file, within the size limit, keyed as written', async () => {
    const bytes = Uint8Array.from([7]);
    const reader = recordingReader({ '/w/d/x.npy': { ok: true, bytes } });
    const files = await readDataFiles(reader, '/w/m.nn.yaml', 'data: { npy: { x: d/x.npy, y: d/x.npy, z: ../z.npy } }\n');
    assert.deepEqual(reader.asked, [['/w/d/x.npy', LIMITS.dataFileBytes.max], ['/z.npy', LIMITS.dataFileBytes.max]]);
    assert.deepEqual([...files], [['d/x.npy', { ok: true, bytes }], ['../z.npy', { ok: false, message: 'no such file' }]]);
  });

  it('reads nothing for a model without data files', async () => {
    const reader = recordingReader({});
    assert.equal((await readDataFiles(reader, '/w/m.nn.yaml', 'data: { task: xor }\n')).size, 0);
    assert.deepEqual(reader.asked, []);
  });
});
