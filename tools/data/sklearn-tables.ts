import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * Converts scikit-learn's iris and 8×8 digits tables, as Debian's python3-sklearn ships them, into
 * the plain CSVs with a header row in samples/data/ (see samples/data/README.md):
 *
 *   apt-get download python3-sklearn && dpkg-deb -x python3-sklearn_*.deb /tmp/sklearn
 *   npx tsx tools/data/sklearn-tables.ts /tmp/sklearn
 *
 * sklearn's iris.csv opens with a line of counts and class names (`150,4,setosa,versicolor,virginica`)
 * and gives each row's class as an index into them; digits.csv.gz has no header: 64 pixels (0–16,
 * row by row) and the digit. The output names every column and writes the species by name.
 */
const DATA = 'usr/lib/python3/dist-packages/sklearn/datasets/data';
const OUT = join(__dirname, '..', '..', 'samples', 'data');

function rows(text: string): string[][] {
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => l.trim().split(','));
}

function iris(root: string): string {
  const [head, ...data] = rows(readFileSync(join(root, DATA, 'iris.csv'), 'utf8'));
  const [n, width, ...species] = head;
  if (data.length !== Number(n) || data.some((r) => r.length !== Number(width) + 1)) throw new Error(`iris.csv: expected ${n} rows of ${width} + 1 cells`);
  const header = 'sepal_length,sepal_width,petal_length,petal_width,species';
  return [header, ...data.map((r) => [...r.slice(0, -1), species[Number(r[r.length - 1])]].join(','))].join('\n') + '\n';
}

function digits(root: string): string {
  const data = rows(gunzipSync(readFileSync(join(root, DATA, 'digits.csv.gz'))).toString('utf8'));
  if (data.length !== 1797 || data.some((r) => r.length !== 65)) throw new Error('digits.csv.gz: expected 1797 rows of 64 pixels + 1 digit');
  const pixels = Array.from({ length: 64 }, (_, i) => `pixel_${Math.floor(i / 8)}_${i % 8}`);
  // Cells like `16.0` are written as whole numbers.
  return [[...pixels, 'digit'].join(','), ...data.map((r) => r.map((c) => String(Number(c))).join(','))].join('\n') + '\n';
}

const root = process.argv[2];
if (!root) throw new Error('usage: npx tsx tools/data/sklearn-tables.ts <folder where python3-sklearn was extracted>');
writeFileSync(join(OUT, 'iris.csv'), iris(root));
writeFileSync(join(OUT, 'digits.csv'), digits(root));
