import assert from 'node:assert/strict';
import { zipSync } from 'fflate';
import { unpackNpz } from '../../../../engine/data/files/npz';
import { DataFileError } from '../../../../engine/data/files/problem';
import { LIMITS } from '../../../../engine/limits';
import { f64, npyBytes, npzBytes } from './support';

describe('data/files/npz: a NumPy archive', () => {
  it('gives each member by its name without .npy', () => {
    const x = npyBytes('<f8', [2], f64([1, 2]));
    const members = unpackNpz(npzBytes({ inputs: x, labels: x }));
    assert.deepEqual([...members.keys()], ['inputs', 'labels']);
    assert.deepEqual([...members.get('inputs')!], [...x]);
  });

  it('refuses a zip bomb from the sizes it states, before inflating anything', () => {
    // 50 MB of zeros deflate to about 50 kB; with a budget of 1 MB nothing is inflated.
    const bomb = zipSync({ 'x.npy': new Uint8Array(50_000_000) }, { level: 9 });
    assert.ok(bomb.length < 100_000);
    assert.throws(() => unpackNpz(bomb, 1_000_000), (e: unknown) => e instanceof DataFileError && e.overBudget && /unpack to more than 1,000,000 bytes/.test(e.message));
  });

  it('refuses more members than the limit', () => {
    const many = Object.fromEntries(Array.from({ length: LIMITS.npzMembers.max + 1 }, (_, i) => [`a${i}`, new Uint8Array(1)]));
    assert.throws(() => unpackNpz(zipSync(many)), new RegExp(`more than ${LIMITS.npzMembers.max} arrays`));
  });

  it('says what is wrong with a file that is not a zip archive', () => {
    assert.throws(() => unpackNpz(new Uint8Array(100)), /not a readable \.npz \(zip\) archive/);
  });
});
