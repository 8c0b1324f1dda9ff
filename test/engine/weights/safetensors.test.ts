import assert from 'node:assert/strict';
import { parseSafetensors, readSafetensors, SafetensorsError } from '../../../engine/weights/safetensorsRead';
import { writeSafetensors } from '../../../engine/weights/safetensorsWrite';
import { Rng } from '../../../engine/random';

/** A file with the given header text and data bytes, the header length written as-is. */
function file(header: string, data: number[] = [], length = Buffer.byteLength(header)): Uint8Array {
  const h = Buffer.from(header, 'utf8');
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setUint32(0, length, true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

function refuses(bytes: Uint8Array, tensor: string | null, problem: RegExp): void {
  assert.throws(
    () => parseSafetensors(bytes, 'w.safetensors'),
    (e: unknown) => e instanceof SafetensorsError && e.file === 'w.safetensors' && e.tensor === tensor && problem.test(e.message) && e.message.startsWith('w.safetensors: '),
  );
}

describe('safetensors', () => {
  it('writes what it reads back: names, dtypes, shapes, values and metadata, 8-aligned', () => {
    const bytes = writeSafetensors(
      [
        { name: 'fc.weight', dtype: 'F64', shape: [2, 3], data: [1, -2, 3.5, 1e-300, Math.PI, 0] },
        { name: 'fc.bias', dtype: 'F32', shape: [2], data: [0.5, -0.25] },
        { name: 'empty', dtype: 'F64', shape: [0, 4], data: [] },
      ],
      { format: 'pt' },
    );
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    assert.equal(n % 8, 0);
    const read = parseSafetensors(bytes, 'x');
    assert.deepEqual([...read.metadata], [['format', 'pt']]);
    assert.deepEqual([...read.tensors.keys()], ['fc.weight', 'fc.bias', 'empty']);
    const all = readSafetensors(bytes, 'x');
    assert.deepEqual([...all.get('fc.weight')!.data], [1, -2, 3.5, 1e-300, Math.PI, 0]);
    assert.deepEqual(all.get('fc.bias'), { dtype: 'F32', shape: [2], data: Float64Array.of(0.5, -0.25) });
    assert.deepEqual(all.get('empty')!.shape, [0, 4]);
  });

  it('reads the small types: F16, BF16, integers and BOOL, little-endian', () => {
    const header = JSON.stringify({
      h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] },
      b: { dtype: 'BF16', shape: [1], data_offsets: [4, 6] },
      i: { dtype: 'I16', shape: [1], data_offsets: [6, 8] },
      l: { dtype: 'I64', shape: [1], data_offsets: [8, 16] },
      t: { dtype: 'BOOL', shape: [2], data_offsets: [16, 18] },
    });
    const data = [0x00, 0x3c, 0x00, 0xc0, 0x80, 0x3f, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 0];
    const t = readSafetensors(file(header, data), 'x');
    assert.deepEqual([...t.get('h')!.data], [1, -2]);
    assert.deepEqual([...t.get('b')!.data], [1]);
    assert.deepEqual([...t.get('i')!.data], [-2]);
    assert.deepEqual([...t.get('l')!.data], [-1]);
    assert.deepEqual([...t.get('t')!.data], [1, 0]);
  });

  it('refuses a file too short, a header past the end, a huge header, or a header that is not a JSON object', () => {
    refuses(new Uint8Array(5), null, /5 bytes, shorter than the 8-byte header length/);
    refuses(file('{}', [], 4000), null, /header length 4000 runs past the end of the file \(10 bytes\)/);
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setUint32(4, 1, true);
    refuses(huge, null, /the header is 4294967296 bytes; the limit `safetensorsHeader`/);
    refuses(file('[1]'), null, /does not start with `\{`/);
    refuses(file('{"a":'), null, /header is not JSON/);
    refuses(file('{} ').subarray(0, 9), null, /header length 3 runs past the end of the file \(9 bytes\)/);
    const badUtf8 = file('{  }');
    badUtf8[9] = 0xff;
    refuses(badUtf8, null, /not UTF-8/);
  });

  it('refuses a tensor with an unknown dtype, a bad shape, offsets out of range or a span that is not shape × size', () => {
    const one = (entry: object, data: number[] = []) => file(JSON.stringify({ w: entry }), data);
    refuses(one({ dtype: 'F128', shape: [1], data_offsets: [0, 16] }), 'w', /unknown dtype "F128"/);
    refuses(one({ dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1] }), 'w', /F8_E4M3, which Backstep does not read/);
    refuses(one({ dtype: 'F32', shape: [-1], data_offsets: [0, 4] }), 'w', /shape \[-1\], not a list of whole numbers/);
    refuses(one({ dtype: 'F32', shape: [1], data_offsets: [4] }), 'w', /not \[begin, end\]/);
    refuses(one({ dtype: 'F32', shape: [1], data_offsets: [0, 4] }, [0, 0]), 'w', /\[0, 4\] past the end of the data \(2 bytes\)/);
    refuses(one({ dtype: 'F32', shape: [1], data_offsets: [4, 0] }, [0, 0, 0, 0]), 'w', /begin after end/);
    refuses(one({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 8] }, new Array(8).fill(0)), 'w', /shape \[2, 3\] of F32 \(24 bytes\) but data_offsets \[0, 8\] span 8 bytes/);
    refuses(one({ dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 8] }, new Array(8).fill(0)), 'w', /more bytes than the file holds/);
    refuses(one({ dtype: 'F32', shape: [1], data_offsets: [0, 4], extra: 1 }, [0, 0, 0, 0]), 'w', /unknown field extra/);
    refuses(file(JSON.stringify({ w: 3 })), 'w', /not an object/);
  });

  it('refuses offsets that overlap, leave a gap, or leave bytes at the end', () => {
    const f = (a: number[], b: number[], bytes: number) =>
      file(JSON.stringify({ a: { dtype: 'U8', shape: [a[1] - a[0]], data_offsets: a }, b: { dtype: 'U8', shape: [b[1] - b[0]], data_offsets: b } }), new Array(bytes).fill(0));
    refuses(f([0, 4], [2, 6], 6), 'b', /overlaps tensor "a" \[0, 4\)/);
    refuses(f([0, 2], [4, 6], 6), 'b', /bytes \[2, 4\) of the data belong to no tensor/);
    refuses(f([0, 2], [2, 4], 6), null, /bytes \[4, 6\) at the end of the data belong to no tensor/);
  });

  it('refuses metadata that is not strings, and an int64 past 2⁵³ when it is decoded', () => {
    refuses(file(JSON.stringify({ __metadata__: { a: 1 } })), null, /__metadata__ "a" is 1, not a string/);
    const big = file(JSON.stringify({ n: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }), [0, 0, 0, 0, 0, 0, 0x40, 0]);
    const entry = parseSafetensors(big, 'big.safetensors').tensors.get('n')!;
    assert.throws(() => entry.values(), /big.safetensors: tensor "n": element 0 is past ±2⁵³/);
  });

  it('reads from a view at any offset of a larger buffer (as Node hands out small files), unaligned', () => {
    const bytes = writeSafetensors([
      { name: 'a', dtype: 'F64', shape: [2], data: [1.5, -2] },
      { name: 'b', dtype: 'F32', shape: [2], data: [3, 4] },
    ]);
    const pool = Buffer.alloc(bytes.length + 11, 0x7f);
    pool.set(bytes, 3);
    const t = readSafetensors(pool.subarray(3, 3 + bytes.length), 'x');
    assert.deepEqual([...t.get('a')!.data, ...t.get('b')!.data], [1.5, -2, 3, 4]);
  });

  it('holds the key __proto__ like any other name', () => {
    const bytes = writeSafetensors([{ name: '__proto__', dtype: 'F64', shape: [1], data: [7] }]);
    assert.deepEqual([...readSafetensors(bytes, 'x').get('__proto__')!.data], [7]);
  });

  it('answers 3,000 corrupted files (bytes flipped, cut, header edited) with a result or a SafetensorsError, nothing else', () => {
    const good = writeSafetensors([
      { name: 'a', dtype: 'F64', shape: [2, 2], data: [1, 2, 3, 4] },
      { name: 'b', dtype: 'F32', shape: [3], data: [5, 6, 7] },
    ]);
    const rng = new Rng(11);
    const outcomes = { read: 0, refused: 0 };
    for (let i = 0; i < 3000; i++) {
      let bytes = good.slice();
      const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      const edits = 1 + rng.int(4);
      for (let e = 0; e < edits; e++) {
        const how = rng.int(3);
        if (how === 0) bytes[rng.int(bytes.length)] = rng.int(256);
        else if (how === 1) bytes = bytes.slice(0, rng.int(bytes.length + 1));
        else if (bytes.length > 8) bytes[8 + rng.int(Math.min(n, bytes.length - 8))] = '{}[],:"0123456789-eE.'.charCodeAt(rng.int(21));
      }
      try {
        for (const t of parseSafetensors(bytes, 'f').tensors.values()) t.values();
        outcomes.read++;
      } catch (err) {
        assert.ok(err instanceof SafetensorsError, `input ${i}: ${String(err)}`);
        outcomes.refused++;
      }
    }
    assert.ok(outcomes.read > 0 && outcomes.refused > 0, JSON.stringify(outcomes));
  });
});
