import assert from 'node:assert/strict';
import { readNpy } from '../../../../engine/data/files/npy';
import { DataFileError } from '../../../../engine/data/files/problem';
import { f32, f64, i64, npyBytes } from './support';

describe('data/files/npy: one NumPy array', () => {
  it('reads float64, float32 and int64 arrays in C order, with their shape', () => {
    const a = readNpy(npyBytes('<f8', [2, 3], f64([1, 2, 3, 4, 5, 6.5])));
    assert.deepEqual([...a.values], [1, 2, 3, 4, 5, 6.5]);
    assert.deepEqual(a.shape, [2, 3]);
    assert.equal(a.integer, false);
    assert.deepEqual([...readNpy(npyBytes('<f4', [2], f32([0.5, -2]))).values], [0.5, -2]);
    const ids = readNpy(npyBytes('<i8', [3], i64([0, 2, 1])));
    assert.deepEqual([...ids.values], [0, 2, 1]);
    assert.equal(ids.integer, true);
  });

  it('refuses Fortran order, big-endian data and dtypes that are not numbers', () => {
    assert.throws(() => readNpy(npyBytes('<f8', [2, 1], f64([1, 2]), { fortran: true })), /Fortran \(column-major\) order; save it in C order/);
    assert.throws(() => readNpy(npyBytes('>f8', [1], f64([1]))), /big-endian/);
    assert.throws(() => readNpy(npyBytes('<U3', [1], new Uint8Array(12))), /not numbers Backstep reads/);
  });

  it('refuses a header that claims more values than the bytes that follow, before reading any', () => {
    const claim = npyBytes('<f8', [1_000_000, 1_000_000], f64([1, 2]));
    assert.throws(() => readNpy(claim), (e: unknown) => e instanceof DataFileError && /1,000,000,000,000 values.*16 bytes of data follow \(the file is cut short\)/.test(e.message));
  });

  it('refuses an array over the data budget from its header alone', () => {
    assert.throws(() => readNpy(npyBytes('<f8', [4], f64([1, 2, 3, 4])), 3), (e: unknown) => e instanceof DataFileError && e.overBudget && /4 values/.test(e.message));
  });

  it('refuses a truncated header, a header longer than the file, and what is not .npy at all', () => {
    const whole = npyBytes('<f8', [1], f64([1]));
    assert.throws(() => readNpy(whole.subarray(0, 8)), /not a \.npy file/);
    assert.throws(() => readNpy(whole.subarray(0, 40)), /header says it is 118 bytes long, but the file ends after 30/);
    assert.throws(() => readNpy(new TextEncoder().encode('a,b\n1,2\n')), /not a \.npy file/);
    assert.throws(() => readNpy(npyBytes('<f8', [], f64([1]), { header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2**40,), }" })), /not a list of whole numbers/);
  });
});
