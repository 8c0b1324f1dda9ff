import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ChunkFiles, TraceOp, TraceReader } from '../../../engine/trace/format';
import { openTrace } from '../../../engine/trace/read';
import { LIMITS } from '../../../engine/limits';

/**
 * openTrace on the committed recording test/fixtures/trace/mlp.bstrace (made by
 * test/python/record_case.py mlp before steps had files of their own: version 1, every step inside
 * the index), the same recording laid out as version 2 (one file per step), and hostile versions of
 * both: each problem is a TraceError naming the file and the entry, found before any allocation the
 * size of what the file claims — the header's when the recording opens, a step's when the step is
 * first asked for.
 */
const DIR = path.resolve(__dirname, '../../fixtures/trace');
const FILE = 'mlp.bstrace';
const TEXT = readFileSync(path.join(DIR, FILE), 'utf8');
const CHUNKS = new Map<string, Uint8Array>(readdirSync(path.join(DIR, `${FILE}.chunks`)).map((n) => [n, new Uint8Array(readFileSync(path.join(DIR, `${FILE}.chunks`, n)))]));

/** Chunks from memory, remembering the longest read asked for. */
function memoryChunks(files: ReadonlyMap<string, Uint8Array>): ChunkFiles & { longest: number } {
  const chunks = {
    longest: 0,
    size: (name: string) => files.get(name)?.length ?? null,
    read(name: string, offset: number, length: number) {
      chunks.longest = Math.max(chunks.longest, length);
      return (files.get(name) ?? new Uint8Array(0)).slice(offset, offset + length);
    },
  };
  return chunks;
}

type Obj = Record<string, unknown>;

/** The object at a dotted path of parsed JSON (`steps.0.loss`). */
const at = (root: unknown, dotted: string): Obj => dotted.split('.').reduce<unknown>((o, k) => (o as Obj)[k], root) as Obj;

/** The index with `edit` applied to its parsed JSON. */
function edited(edit: (index: Obj) => void): string {
  const index = JSON.parse(TEXT);
  edit(index);
  return JSON.stringify(index);
}

/** Calls `visit` on every object with an `id` in the index (every appearance of every tensor). */
function everyTensor(node: unknown, visit: (t: Obj) => void): void {
  if (Array.isArray(node)) node.forEach((n) => everyTensor(n, visit));
  else if (node && typeof node === 'object') {
    if (typeof (node as Obj).id === 'string') visit(node as Obj);
    for (const v of Object.values(node)) everyTensor(v, visit);
  }
}

/** A chunk whose header JSON `edit` changed (the data is kept). */
function rewriteHeader(bytes: Uint8Array, edit: (header: Record<string, { data_offsets: number[] }>) => void): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const n = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  edit(header);
  const text = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + bytes.length - 8 - n);
  new DataView(out.buffer).setUint32(0, text.length, true);
  out.set(text, 8);
  out.set(bytes.subarray(8 + n), 8 + text.length);
  return out;
}

/** The index laid out as version 2: each step's entries in `0000k.step.json` beside the chunks. */
function split(text: string, files: ReadonlyMap<string, Uint8Array>): { text: string; files: Map<string, Uint8Array> } {
  const index = JSON.parse(text) as Obj & { steps: Obj[] };
  const out = new Map(files);
  const steps = index.steps.map((s, k) => {
    const file = `${String(k).padStart(5, '0')}.step.json`;
    out.set(file, new TextEncoder().encode(JSON.stringify(s)));
    return { step: s.step, file };
  });
  return { text: JSON.stringify({ ...index, version: index.version === 1 ? 2 : index.version, steps }), files: out };
}

const open = (text = TEXT, files: ReadonlyMap<string, Uint8Array> = CHUNKS) => openTrace(FILE, text, memoryChunks(files));
/** Asks for every step's entries, as stepping to the end does. */
const reachAll = (trace: TraceReader) => trace.index.steps.forEach((s) => s.events);
const firstOp = (trace: TraceReader) => trace.index.steps[0].events.find((e): e is TraceOp => e.phase === 'forward' && e.outputs.some((t) => t.chunk))!;
const firstValued = (trace: TraceReader) => firstOp(trace).outputs.find((t) => t.chunk)!;

describe('openTrace (engine/trace/read.ts)', () => {
  it('opens the fixture: steps, modules, params, and a value read from its chunk with the stats it was recorded with', () => {
    const trace = open();
    assert.deepEqual(trace.index.steps.map((s) => s.step), [1, 2]);
    assert.deepEqual(trace.index.params.map((p) => p.name), ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
    const t = firstValued(trace);
    const data = [...trace.values(t).data];
    assert.equal(data.length, t.shape.reduce((a, b) => a * b, 1));
    assert.equal(Math.min(...data), t.stats.min);
    assert.equal(Math.max(...data), t.stats.max);
  });

  it('a tensor met again is the same object (an op\'s output is a later op\'s input)', () => {
    const s = open().index.steps[0];
    const outputs = new Set(s.events.flatMap((e) => (e.phase === 'update' ? [] : e.outputs)));
    assert.ok(s.events.some((e) => e.phase !== 'update' && e.inputs.some((t) => outputs.has(t))));
  });

  const headerProblems: [string, (index: Obj) => void, string][] = [
    ['another format', (i) => (i.format = 'onnx'), 'mlp.bstrace: format: is "onnx", not "bstrace": not a Backstep recording'],
    ['a newer version', (i) => (i.version = 3), 'mlp.bstrace: version: is 3; this Backstep reads versions 1 and 2'],
    ['a parameter listed twice', (i) => ((i.params as Obj[])[1].name = 'fc1.weight'), 'mlp.bstrace: params[1].name: parameter "fc1.weight" is listed twice'],
    ['steps out of order', (i) => (at(i, 'steps.1').step = 1), 'mlp.bstrace: steps[1].step: is 1, not after the previous step 1'],
    ['an optimizer flag that is a string', (i) => (at(i, 'optimizer').flags = { nesterov: 'yes' }), 'mlp.bstrace: optimizer.flags.nesterov: is "yes", not true or false'],
    ['a module source line 0', (i) => (at(i, 'modules.1').source = { file: '/x.py', line: 0 }), 'mlp.bstrace: modules[1].source.line: is 0, not a line number (they count from 1)'],
  ];
  for (const [what, edit, message] of headerProblems) {
    it(`an index with ${what}: a located error when the recording opens`, () => {
      for (const { text, files } of [{ text: edited(edit), files: CHUNKS }, split(edited(edit), CHUNKS)]) {
        assert.throws(() => open(text, files), (e: Error) => {
          assert.equal(e.name, 'TraceError');
          assert.ok(e.message.includes(message), `${e.message}\n  should say\n${message}`);
          return true;
        });
      }
    });
  }

  const stepProblems: [string, (index: Obj) => void, string][] = [
    ['a shape with a fraction', (i) => (at(i, 'steps.0.events.0.outputs.0').shape = [1.5]), `steps[0].events[0].outputs[0] ("s1/f0/out0").shape[0]: is 1.5, not a whole number ≥ 0`],
    ['a declared shape past 2⁵³ elements', (i) => (at(i, 'steps.0.loss').shape = [2 ** 30, 2 ** 30, 2 ** 30]), 'steps[0].loss ("s1/f6/out0").shape: declares more than 2⁵³ elements'],
    ['an unknown dtype', (i) => (at(i, 'steps.0.loss').dtype = 'F128'), 'steps[0].loss ("s1/f6/out0").dtype: is "F128", not one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL'],
    ['a chunk outside the chunks folder', (i) => (at(i, 'steps.0.loss').chunk = '../../secret'), 'steps[0].loss ("s1/f6/out0").chunk: is "../../secret", not a file name inside the chunks folder'],
    ['more NaN than elements', (i) => (at(i, 'steps.0.loss.stats').nan = 2), 'steps[0].loss ("s1/f6/out0").stats: counts 2 NaN and 0 Inf in a tensor of 1 elements'],
    ['an id declared twice, differently', (i) => (at(i, 'steps.0.loss.stats').max = 123), 'declares id "s1/f6/out0" again, differently from steps[0].loss ("s1/f6/out0")'],
    ['an update of an unknown parameter', (i) => ((at(i, 'steps.1.events') as unknown as Obj[]).find((e) => e.phase === 'update')!.param = 'fc9.weight'), 'steps[1].events[26].param: names parameter "fc9.weight", which the index\'s params do not list'],
    ['an op in an unlisted module', (i) => (at(i, 'steps.1.events.0').module = 'nowhere'), 'steps[1].events[0].module: names module "nowhere", which the index\'s modules do not list'],
    ['stats that are a list', (i) => (at(i, 'steps.0.loss').stats = [[[]]]), 'steps[0].loss ("s1/f6/out0").stats: is a list, not an object'],
    ['a learning rate that is an object', (i) => (at(i, 'steps.1').lr = { a: { b: 1 } }), 'steps[1].lr: is an object, not a number'],
  ];
  for (const [what, edit, message] of stepProblems) {
    it(`a step with ${what}: a located error naming the step's file when the step is first asked for, and each time after`, () => {
      const layouts = [{ text: edited(edit), files: CHUNKS, file: 'mlp.bstrace' }, { ...split(edited(edit), CHUNKS), file: `mlp.bstrace.chunks/0000${message.match(/steps\[(\d)\]/)![1]}.step.json` }];
      for (const { text, files, file } of layouts) {
        const trace = open(text, files);
        for (let again = 0; again < 2; again++) {
          assert.throws(() => reachAll(trace), (e: Error) => {
            assert.equal(e.name, 'TraceError');
            assert.ok(e.message.startsWith(`${file}: `) && e.message.includes(message), `${e.message}\n  should say\n${file}: …${message}`);
            return true;
          });
        }
      }
    });
  }

  it('version 1: a step whose JSON is broken inside its brackets: the recording opens, the step is a located error when asked for', () => {
    const text = TEXT.replace('"lr":0.1,"events"', '"lr":,"events"');
    const trace = open(text);
    assert.throws(() => trace.index.steps[0].events, /^TraceError: mlp\.bstrace: steps\[0\]: the step is not JSON/);
    assert.throws(() => open(TEXT.replace('"steps":[', '"steps":[{"lr":1},')), /mlp\.bstrace: steps\[0\]\.step: is missing, not a whole number/, 'laid out otherwise: parsed whole, the same checks');
  });

  it('version 2: the same steps, entries and values as version 1, each step read only when asked for', () => {
    const { text, files } = split(TEXT, CHUNKS);
    const chunks = memoryChunks(files);
    const read: string[] = [];
    const trace = openTrace(FILE, text, { size: chunks.size, read: (name, offset, length) => (read.push(name), chunks.read(name, offset, length)) });
    assert.deepEqual(read, [], 'opening read no step');
    const inline = open();
    assert.deepEqual(trace.index.steps.map((s) => s.step), [1, 2]);
    assert.deepEqual(trace.index.steps[1].events, inline.index.steps[1].events);
    assert.deepEqual(read, ['00001.step.json']);
    assert.deepEqual([...trace.values(firstValued(trace)).data], [...inline.values(firstValued(inline)).data]);
  });

  it('version 2: a step whose file is missing, not JSON, or holds another step: a located error when it is asked for', () => {
    const { text, files } = split(TEXT, CHUNKS);
    const broken = (name: string, bytes: Uint8Array | null) => {
      const f = new Map(files);
      if (bytes) f.set(name, bytes);
      else f.delete(name);
      return () => open(text, f).index.steps[1].events;
    };
    assert.throws(broken('00001.step.json', null), /^TraceError: mlp\.bstrace: steps\[1\]\.file: the step's file 00001\.step\.json is missing$/);
    assert.throws(broken('00001.step.json', new TextEncoder().encode('{"step": ')), /^TraceError: mlp\.bstrace\.chunks\/00001\.step\.json: the step's file is not JSON/);
    assert.throws(broken('00001.step.json', files.get('00000.step.json')!), /^TraceError: mlp\.bstrace\.chunks\/00001\.step\.json: steps\[1\]\.step: is 1, but the index lists step 2 here$/);
    assert.throws(() => open(JSON.stringify({ ...JSON.parse(text), steps: [{ step: 1, file: '../x.json' }] })), /mlp\.bstrace: steps\[0\]\.file: is "\.\.\/x\.json", not a file name inside the chunks folder/);
  });

  it('an index that is not JSON, or too long: a located error before parsing', () => {
    assert.throws(() => open('{"format": '), /^TraceError: mlp\.bstrace: the index is not JSON/);
    const long = { length: LIMITS.traceIndexChars.max + 1 } as unknown as string;
    assert.throws(() => open(long), /mlp\.bstrace: the index has 300000001 characters; the limit `traceIndexChars`/);
  });

  it('a missing chunk: named with the first entry that needs it, when the step that names it is first asked for', () => {
    const files = new Map(CHUNKS);
    files.delete('00001.safetensors');
    const trace = open(TEXT, files);
    assert.equal(trace.index.steps[0].events.length > 0, true, 'step 0 names only chunk 00000');
    assert.throws(() => trace.index.steps[1].events, /^TraceError: mlp\.bstrace: steps\[1\]\.[\w.[\]]+ \("s2\/[^"]+"\): chunk 00001\.safetensors is missing$/);
  });

  it('a truncated chunk: values() names the entry and the chunk, and reads no more than the header', () => {
    const files = new Map(CHUNKS);
    const whole = CHUNKS.get('00000.safetensors')!;
    files.set('00000.safetensors', whole.subarray(0, whole.length - 100));
    const chunks = memoryChunks(files);
    const trace = openTrace(FILE, TEXT, chunks);
    assert.throws(() => trace.values(firstValued(trace)), /^TraceError: mlp\.bstrace: steps\[0\]\.events\[\d+\]\.outputs\[\d+\] \("s1\/f\d+\/out\d+"\): chunk 00000\.safetensors: tensor "[^"]+": has data_offsets \[\d+, \d+\] past the end of the data/);
    assert.ok(chunks.longest < whole.length, 'only the header was read');
  });

  it('offsets past the end of a chunk\'s data: a located error', () => {
    const files = new Map(CHUNKS);
    files.set('00000.safetensors', rewriteHeader(CHUNKS.get('00000.safetensors')!, (h) => {
      const last = Object.keys(h).at(-1)!;
      h[last].data_offsets = [h[last].data_offsets[0], h[last].data_offsets[1] + 1_000_000_000];
    }));
    const trace = open(TEXT, files);
    assert.throws(() => trace.values(firstValued(trace)), /chunk 00000\.safetensors: tensor "[^"]+": has shape .* but data_offsets|past the end of the data/);
  });

  it('index and chunk disagree on a shape, or the chunk lacks the tensor: a located error', () => {
    const t = firstValued(open());
    const swapped = open(edited((i) => everyTensor(i, (o) => o.id === t.id && (o.shape = [...t.shape].reverse().concat([1])))));
    const moved = swapped.index.steps[0].events.flatMap((e) => (e.phase === 'update' ? [] : e.outputs)).find((o) => o.id === t.id)!;
    assert.throws(() => swapped.values(moved), new RegExp(`\\("${t.id}"\\): the index says F32 \\[${[...t.shape].reverse().concat([1]).join(', ')}\\], chunk 00000\\.safetensors says F32 \\[${t.shape.join(', ')}\\]`));
    const files = new Map(CHUNKS);
    files.set('00000.safetensors', rewriteHeader(CHUNKS.get('00000.safetensors')!, (h) => {
      h[`${t.id}-renamed`] = h[t.id];
      delete h[t.id];
    }));
    const renamed = open(TEXT, files);
    assert.throws(() => renamed.values(firstValued(renamed)), new RegExp(`chunk 00000\\.safetensors holds no tensor "${t.id}"`));
  });

  it('a huge declared shape: refused against the limit before any read', () => {
    const t = firstValued(open());
    const chunks = memoryChunks(CHUNKS);
    const trace = openTrace(FILE, edited((i) => everyTensor(i, (o) => o.id === t.id && (o.shape = [100_000, 100_000]))), chunks);
    assert.throws(() => trace.values(firstValued(trace)), /has 10000000000 values; the limit `traceValues` is 50,000,000 values of one recorded tensor read at once/);
    assert.equal(chunks.longest, 0, 'nothing was read');
  });

  it('a chunk header that claims a huge length: refused after reading its 8 bytes', () => {
    const files = new Map(CHUNKS);
    const bytes = CHUNKS.get('00000.safetensors')!.slice();
    new DataView(bytes.buffer).setUint32(4, 0x40000, true);
    files.set('00000.safetensors', bytes);
    const chunks = memoryChunks(files);
    const trace = openTrace(FILE, TEXT, chunks);
    assert.throws(() => trace.values(firstValued(trace)), /chunk 00000\.safetensors: the header is \d+ bytes; the limit `safetensorsHeader`/);
    assert.equal(chunks.longest, 8);
  });

  it('a value kept as statistics only: a located error saying so', () => {
    const trace = open(edited((i) => everyTensor(i, (t) => t.id === at(i, 'steps.0.loss').id && delete t.chunk)));
    assert.throws(() => trace.values(trace.index.steps[0].loss), /mlp\.bstrace: steps\[0\]\.loss \("s1\/f6\/out0"\): only its statistics were recorded, not its values/);
  });
});
