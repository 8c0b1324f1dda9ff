import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { FRAME_LIMIT, FrameReader, HEADER_LIMIT, type FrameItem } from '../../../extension/dap/frames';

/** `body` framed with its length in UTF-8 bytes. */
function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

function read(...chunks: (string | Buffer)[]): FrameItem[] {
  const reader = new FrameReader();
  return chunks.flatMap((c) => reader.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : c));
}

function messages(items: FrameItem[]): unknown[] {
  return items.flatMap((i) => (i.ok ? [i.message] : []));
}

function problems(items: FrameItem[]): string[] {
  return items.flatMap((i) => (i.ok ? [] : [i.problem]));
}

const A = { seq: 1, type: 'request', command: 'threads' };
const B = { seq: 2, type: 'request', command: 'evaluate', arguments: { expression: 'ŵ·x — “naïve”' } };

describe('DAP frames', () => {
  it('are read whole, however the stream splits them', () => {
    const stream = Buffer.from(frame(JSON.stringify(A)) + frame(JSON.stringify(B)));
    for (let cut = 0; cut <= stream.length; cut++) {
      const items = read(stream.subarray(0, cut), stream.subarray(cut));
      assert.deepEqual(messages(items), [A, B], `cut at ${cut}`);
      assert.deepEqual(problems(items), []);
    }
  });

  it('keep each body as it came, for the library to read again', () => {
    const [item] = read(frame(JSON.stringify(B)));
    assert.ok(item.ok);
    assert.equal(item.body.toString('utf8'), JSON.stringify(B));
  });

  it('with a body that is not JSON: one problem, and the next frame is served', () => {
    const items = read('Content-Length: 9\r\n\r\n{"seq":1,', frame(JSON.stringify(A)));
    assert.equal(problems(items).length, 1);
    assert.match(problems(items)[0], /not JSON/);
    assert.deepEqual(messages(items), [A]);
  });

  it('frame a body that is JSON but not a message (null, a number): the message check is the next step', () => {
    assert.deepEqual(messages(read(frame('null'), frame('42'))), [null, 42]);
  });

  it('with a Content-Length counted in characters: the problem says that it counts bytes, and the next frame is served', () => {
    const body = JSON.stringify(B);
    const items = read(`Content-Length: ${body.length}\r\n\r\n${body}`, frame(JSON.stringify(A)));
    assert.equal(problems(items).length, 1);
    assert.match(problems(items)[0], /counts the bytes of the UTF-8 body/);
    assert.deepEqual(messages(items), [A]);
  });

  it('with a Content-Length too long: the frames it swallowed are found again', () => {
    const items = read('Content-Length: 60\r\n\r\n{}', frame(JSON.stringify(A)), frame(JSON.stringify(B)));
    assert.equal(problems(items).length, 1);
    assert.deepEqual(messages(items), [A, B]);
  });

  for (const value of ['abc', '-1', '', '1e3', '99999999999999999999']) {
    it(`with Content-Length "${value}": one problem, and the next frame is served`, () => {
      const items = read(`Content-Length: ${value}\r\n\r\n{}`, frame(JSON.stringify(A)));
      assert.equal(problems(items).length, 1);
      assert.match(problems(items)[0], /Content-Length|not part of a DAP frame/);
      assert.deepEqual(messages(items), [A]);
    });
  }

  it('over the size limit are skipped as they come, without being kept, and the next one is served', () => {
    const reader = new FrameReader();
    const length = FRAME_LIMIT + 10;
    const first = reader.push(Buffer.from(`Content-Length: ${length}\r\n\r\n`));
    assert.equal(problems(first).length, 1);
    assert.match(problems(first)[0], new RegExp(`${length} bytes: the limit is ${FRAME_LIMIT}`));
    const chunk = Buffer.alloc(1 << 20, 0x20);
    for (let sent = 0; sent < length; sent += chunk.length) assert.deepEqual(reader.push(chunk.subarray(0, Math.min(chunk.length, length - sent))), []);
    assert.deepEqual(messages(reader.push(Buffer.from(frame(JSON.stringify(A))))), [A]);
  });

  it('with a header that never ends: one problem past the header limit', () => {
    const items = read(`Content-Length: 2\r\nX-Padding: ${'x'.repeat(HEADER_LIMIT)}`, '\r\n\r\n{}', frame(JSON.stringify(A)));
    assert.equal(problems(items).length, 1);
    assert.match(problems(items)[0], new RegExp(`longer than ${HEADER_LIMIT} bytes`));
    assert.deepEqual(messages(items), [A]);
  });

  it('accept other header fields beside Content-Length', () => {
    const body = JSON.stringify(A);
    for (const header of [`Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: ${body.length}`, `Content-Length: ${body.length}\r\ncontent-type: application/json`]) {
      assert.deepEqual(read(`${header}\r\n\r\n${body}`), [{ ok: true, body: Buffer.from(body), message: A }], header);
    }
  });

  it('report a flood of bytes outside any frame once, until a header is found again', () => {
    const reader = new FrameReader();
    const junk = Array.from({ length: 50 }, () => reader.push(Buffer.from('garbage without a header\r\n\r\n'.repeat(10))));
    assert.equal(problems(junk.flat()).length, 1);
    assert.match(problems(junk.flat())[0], /not part of a DAP frame/);
    const after = reader.push(Buffer.from('Content-Length: 3\r\n\r\n{]}' + frame(JSON.stringify(A))));
    assert.equal(problems(after).length, 1, 'a new broken frame after a header is a new problem');
    assert.deepEqual(messages(after), [A]);
  });

  it('property: junk between well-formed frames costs at most one problem per junk, and no frame', () => {
    const json = fc.jsonValue().map((v) => JSON.stringify(v));
    const junk = fc.string({ unit: fc.constantFrom('a', '{', '}', '"', ':', ' ', '\r', '\n', 'é', 'C', 'Content-', '\u0000') });
    fc.assert(
      fc.property(fc.array(fc.tuple(junk, json), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 6 }), (parts, cuts) => {
        const stream = Buffer.from(parts.map(([j, body]) => j + frame(body)).join(''));
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((p, i, all) => stream.subarray(p, all[i + 1] ?? stream.length));
        const items = read(...chunks);
        assert.deepEqual(messages(items), parts.map(([, body]) => JSON.parse(body)));
        assert.ok(problems(items).length <= parts.filter(([j]) => j !== '').length);
      }),
      { seed: 13, numRuns: 300 },
    );
  });
});
