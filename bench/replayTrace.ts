import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { TRACE_FORMAT, TRACE_INLINE_VERSION, TRACE_VERSION, type TraceEvent, type TraceIndex, type TraceStep, type TraceTensor } from '../engine/trace/format';

/**
 * A synthetic recording in the layout python/backstep_torch writes (engine/trace/format.ts), for
 * bench/replay.bench.ts: an MLP of `layers` Linear layers (width × width, ReLU after each) trained by
 * Adam, every value kept in 64 MB safetensors chunks. The bytes are one buffer of random float32 in
 * [−1, 1) written again and again, so gigabytes are written at disk speed; the stats describe it.
 * `layout` 2 writes each step's entries to its own file as the recorder does now; 1 puts them all
 * inside the index, as it did before.
 */
export interface SyntheticShape {
  readonly layers: number;
  readonly width: number;
  readonly batch: number;
  readonly steps: number;
  readonly layout: 1 | 2;
}

const CHUNK_BYTES = 64 << 20;

class Chunks {
  private pending: { id: string; shape: readonly number[]; bytes: number }[] = [];
  private size = 0;
  count = 0;
  bytes = 0;

  constructor(
    private readonly folder: string,
    private readonly fill: Uint8Array,
  ) {}

  get name(): string {
    return `${String(this.count).padStart(5, '0')}.safetensors`;
  }

  add(id: string, shape: readonly number[]): string {
    const bytes = 4 * shape.reduce((a, d) => a * d, 1);
    if (this.pending.length && this.size + bytes > CHUNK_BYTES) this.flush();
    this.pending.push({ id, shape, bytes });
    this.size += bytes;
    return this.name;
  }

  flush(): void {
    if (!this.pending.length) return;
    const header: Record<string, unknown> = {};
    let at = 0;
    for (const t of this.pending) {
      header[t.id] = { dtype: 'F32', shape: t.shape, data_offsets: [at, at + t.bytes] };
      at += t.bytes;
    }
    let json = JSON.stringify(header);
    json += ' '.repeat((8 - (json.length % 8)) % 8);
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(json.length));
    const fd = openSync(path.join(this.folder, this.name), 'w');
    try {
      writeSync(fd, length);
      writeSync(fd, json);
      for (const t of this.pending) {
        for (let done = 0; done < t.bytes; ) done += writeSync(fd, this.fill, 0, Math.min(this.fill.length, t.bytes - done));
      }
    } finally {
      closeSync(fd);
    }
    this.bytes += at;
    this.count++;
    this.pending = [];
    this.size = 0;
  }
}

/** `indexChars`: the index and every step's file. */
export function writeSyntheticRecording(dir: string, shape: SyntheticShape): { index: string; bytes: number; chunks: number; indexChars: number; events: number } {
  const { layers, width, batch, steps, layout } = shape;
  const index = path.join(dir, 'large.bstrace');
  mkdirSync(`${index}.chunks`, { recursive: true });
  const fill = new Float32Array(Math.max(width * width, batch * width));
  for (let i = 0; i < fill.length; i++) fill[i] = 2 * Math.random() - 1;
  const chunks = new Chunks(`${index}.chunks`, new Uint8Array(fill.buffer));
  const tensor = (id: string, dims: readonly number[]): TraceTensor => {
    const n = dims.reduce((a, d) => a * d, 1);
    const counts = Array.from({ length: 16 }, () => Math.floor(n / 16));
    counts[0] += n - 16 * Math.floor(n / 16);
    const stats = { min: -1, max: 1, mean: 0, std: 1 / Math.sqrt(3), norm: Math.sqrt(n / 3), nan: 0, inf: 0, histogram: { counts } };
    return { id, shape: dims, dtype: 'F32', stats, chunk: chunks.add(id, dims) };
  };
  const W = [width, width];
  const act = [batch, width];
  const names = Array.from({ length: layers }, (_, i) => `layers.${i}`);
  const stepsOut: string[] = [];
  let stepChars = 0;
  let events = 0;
  for (let s = 0; s < steps; s++) {
    const e: TraceEvent[] = [];
    let k = 0;
    const id = (what: string) => `s${s}/${what}`;
    let x = tensor(id('x'), act);
    const weights: TraceTensor[] = [];
    for (const m of names) {
      const w = tensor(id(`f${k}/in0`), W);
      const wt = tensor(id(`f${k}/out0`), W);
      weights.push(w);
      e.push({ phase: 'forward', op: 'aten::t', module: m, inputs: [w], outputs: [wt] });
      k++;
      const y = tensor(id(`f${k}/out0`), act);
      e.push({ phase: 'forward', op: 'aten::addmm', module: m, inputs: [tensor(id(`f${k}/in0`), [width]), x, wt], outputs: [y] });
      k++;
      const r = tensor(id(`f${k}/out0`), act);
      e.push({ phase: 'forward', op: 'aten::relu', module: m, inputs: [y], outputs: [r] });
      k++;
      x = r;
    }
    const loss = tensor(id('loss'), []);
    e.push({ phase: 'loss', op: 'aten::mse_loss', module: '', inputs: [x, tensor(id('target'), act)], outputs: [loss] });
    let b = 0;
    let g = tensor(id(`b${b}/out0`), act);
    e.push({ phase: 'backward', op: 'MseLossBackward0', module: '', inputs: [tensor(id(`b${b++}/in0`), [])], outputs: [g] });
    const grads = new Map<string, TraceTensor>();
    for (let i = layers - 1; i >= 0; i--) {
      const m = names[i];
      const gy = tensor(id(`b${b}/out0`), act);
      e.push({ phase: 'backward', op: 'ReluBackward0', module: m, inputs: [g], outputs: [gy] });
      b++;
      const [gb, gx, gwt] = [tensor(id(`b${b}/out0`), [width]), tensor(id(`b${b}/out1`), act), tensor(id(`b${b}/out2`), W)];
      grads.set(`${m}.bias`, gb);
      e.push({ phase: 'backward', op: 'AddmmBackward0', module: m, inputs: [gy], outputs: [gb, gx, gwt], paramGrads: { [`${m}.bias`]: gb } });
      b++;
      const gw = tensor(id(`b${b++}/out0`), W);
      grads.set(`${m}.weight`, gw);
      e.push({ phase: 'backward', op: 'TBackward0', module: m, inputs: [gwt], outputs: [gw], paramGrads: { [`${m}.weight`]: gw } });
      g = gx;
    }
    for (const m of names) {
      for (const [p, dims] of [[`${m}.weight`, W], [`${m}.bias`, [width]]] as const) {
        const u = (what: string) => tensor(id(`u/${p}/${what}`), dims);
        e.push({ phase: 'update', param: p, before: u('before'), after: u('after'), grad: grads.get(p)!, state: { exp_avg: u('exp_avg'), exp_avg_sq: u('exp_avg_sq') } });
      }
    }
    chunks.flush();
    events += e.length;
    const step: TraceStep = { step: s, loss, lr: 0.001, events: e };
    if (layout === 1) stepsOut.push(JSON.stringify(step));
    else {
      const file = `${String(s).padStart(5, '0')}.step.json`;
      const text = JSON.stringify(step);
      writeFileSync(path.join(`${index}.chunks`, file), text);
      stepChars += text.length;
      stepsOut.push(JSON.stringify({ step: s, file }));
    }
  }
  const header: Omit<TraceIndex, 'steps'> = {
    format: TRACE_FORMAT,
    version: layout === 1 ? TRACE_INLINE_VERSION : TRACE_VERSION,
    torch: 'synthetic',
    rank: 0,
    worldSize: 1,
    device: 'cpu',
    modules: [{ path: '', type: 'Mlp', params: [] }, ...names.map((m) => ({ path: m, type: 'Linear', params: [`${m}.weight`, `${m}.bias`] }))],
    params: names.flatMap((m) => [
      { name: `${m}.weight`, shape: W, dtype: 'F32' as const },
      { name: `${m}.bias`, shape: [width], dtype: 'F32' as const },
    ]),
    optimizer: { type: 'Adam', hyper: { lr: 0.001, 'betas.0': 0.9, 'betas.1': 0.999, eps: 1e-8, weight_decay: 0 } },
  };
  const text = `${JSON.stringify(header).slice(0, -1)},"steps":[${stepsOut.join(',')}]}`;
  writeFileSync(index, text);
  return { index, bytes: chunks.bytes, chunks: chunks.count, indexChars: text.length + stepChars, events };
}
