import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InspectorView } from '../../../../engine/protocol/views';
import { Session } from '../../../../engine/session/session';
import { ok } from '../session_support';

const open = (name: string): Session => Session.create(readFileSync(join(__dirname, '../../../../samples', `${name}.nn.yaml`), 'utf8'), `${name}.nn.yaml`);

describe('session views: embeddings', function () {
  this.timeout(120_000);

  it('send the full word vectors beside the projection: one row of D numbers per word, the rows of the matrix', () => {
    const session = open('word2vec-skipgram');
    ok(session.start());
    session.goto(40);
    const e = ok<InspectorView>(session.inspector()).embeddings!;
    const layer = session.internals!.trainer.layers.find((l) => l.kind === 'word2vec')!;
    const matrix = layer.params.find((p) => p.rank === 2)!;
    const [, d] = matrix.shape;
    assert.ok(e.vectors, 'the vectors are sent');
    assert.equal(e.vectors.dim, d);
    assert.equal(e.vectors.values.length, e.words.length * d);
    assert.equal(e.points.length, e.words.length);
    e.vectors.values.forEach((v, k) => assert.ok(Math.abs(v - matrix.data[k]) <= 1e-6 * Math.abs(matrix.data[k]), `number ${k}: ${v} for ${matrix.data[k]}`));
  });

  it('fastText: only the vocabulary’s words, not its n-gram bucket rows', () => {
    const session = open('fasttext');
    ok(session.start());
    const e = ok<InspectorView>(session.inspector()).embeddings!;
    const ft = session.internals!.trainer.layers.find((l) => l.kind === 'fasttext')!;
    const rows = ft.params.find((p) => p.rank === 2)!.shape[0];
    assert.ok(e.words.length < rows, `${e.words.length} words of ${rows} rows`);
    assert.ok(
      e.words.every((w) => !/^\d+$/.test(w)),
      'no row number stands in for a word',
    );
    assert.equal(e.vectors!.values.length, e.words.length * e.vectors!.dim);
  });
});
