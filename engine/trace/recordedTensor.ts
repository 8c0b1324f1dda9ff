import { BackstepError } from '../errors';
import type { DType, TypedArray } from '../tensor/dtype';
import { sizeOf } from '../tensor/shape';
import { KNOWN_STATS, type KnownStats, type TensorStats } from '../tensor/stats';
import { Tensor } from '../tensor/tensor';
import type { TraceReader, TraceTensor } from './format';

/** Bytes of recorded values held at once (float64 after reading), whatever the recording's size. */
export const REPLAY_CACHE_BYTES = 256 * 2 ** 20;

/**
 * Values read from a recording, least recently used first out: a tensor's numbers are read from
 * its chunk when something asks for `data` and dropped when the budget needs the room (asking
 * again reads them again), so memory stays under `bytes` however large the recording is.
 */
export class ValueCache {
  private readonly held = new Map<RecordedTensor, number>();
  private total = 0;
  private newest: RecordedTensor | null = null;

  constructor(
    readonly reader: TraceReader,
    readonly bytes: number = REPLAY_CACHE_BYTES,
  ) {}

  get heldBytes(): number {
    return this.total;
  }

  /** Marks `t` as just used, holding `size` bytes, and drops the oldest others over the budget. */
  hold(t: RecordedTensor, size: number): void {
    // `t.data[i]` in a loop asks for `data` once per element: the newest stays newest at no cost.
    if (this.newest === t) return;
    this.release(t);
    this.newest = t;
    this.held.set(t, size);
    this.total += size;
    for (const [old, n] of this.held) {
      if (this.total <= this.bytes) break;
      if (old === t) continue;
      old.drop();
      this.held.delete(old);
      this.total -= n;
    }
  }

  release(t: RecordedTensor): void {
    if (this.newest === t) this.newest = null;
    const n = this.held.get(t);
    if (n === undefined) return;
    this.held.delete(t);
    this.total -= n;
  }
}

const NO_VALUES = new Float64Array(0);

const DATA: PropertyDescriptor = {
  get(this: RecordedTensor): TypedArray {
    return this.load();
  },
};

/**
 * A tensor of a recording. Its shape and stats are known from the index, and the stats functions
 * (engine/tensor/stats.ts: norms, NaN counts, summaries) answer from the recorded stats; its values
 * are read on first use of `data` (ValueCache). When the recorder kept only the statistics, a
 * one-element tensor reads as its mean (the value itself), and asking for the values of a larger
 * one is an error naming the tensor and what was kept. A parameter is one RecordedTensor whose source moves with the cursor (`retarget`):
 * before its update the recorded `before`, after it the `after`.
 */
export class RecordedTensor extends Tensor {
  private source: TraceTensor | null;
  private known: KnownStats | null = null;
  private values: Float64Array | null = null;

  constructor(
    source: TraceTensor | null,
    shape: readonly number[],
    private readonly cache: ValueCache,
    name = '',
  ) {
    // The base class wants values now; these are a placeholder until `data` is asked for. A
    // recording makes thousands of these per step: one shared descriptor, the index's own shape.
    super(NO_VALUES, [0], name);
    Object.defineProperty(this, 'shape', { value: shape, writable: false });
    Object.defineProperty(this, 'data', DATA);
    this.source = source;
  }

  /** The recorder's stats, for engine/tensor/stats.ts (made when first asked for). */
  get [KNOWN_STATS](): KnownStats {
    this.known ??= { stats: statsFrom(this.source, this.size), values: this.source?.chunk !== undefined };
    return this.known;
  }

  override get size(): number {
    return sizeOf(this.shape);
  }

  /** Values from a recording are read as float64 (format.ts: TraceReader.values). */
  override get dtype(): DType {
    return 'float64';
  }

  /** The recorded tensor it stands for now (null: nothing recorded). */
  get recorded(): TraceTensor | null {
    return this.source;
  }

  retarget(source: TraceTensor | null): void {
    if (source === this.source) return;
    this.drop();
    this.cache.release(this);
    this.source = source;
    this.known = null;
  }

  /** Forgets the values read (ValueCache calls this when it needs the room). */
  drop(): void {
    this.values = null;
  }

  /** `data`: the values, read when first asked for (ValueCache). */
  load(): TypedArray {
    if (this.values) {
      this.cache.hold(this, this.values.byteLength);
      return this.values;
    }
    const values = this.read();
    this.values = values;
    this.cache.hold(this, values.byteLength);
    return values;
  }

  private read(): Float64Array {
    const s = this.source;
    const what = this.name || s?.id || 'a tensor';
    if (!s) throw new BackstepError('E_ARGUMENT', `${what} was not recorded in ${this.cache.reader.file}`);
    if (!s.chunk) {
      if (this.size === 1) return Float64Array.of(s.stats.nan ? NaN : s.stats.inf ? Infinity : (s.stats.mean ?? NaN));
      throw new BackstepError('E_ARGUMENT', `only statistics were recorded for ${what} (${s.id} in ${this.cache.reader.file}): its values were not kept; record its module with full values to read them`);
    }
    let t: Tensor;
    try {
      t = this.cache.reader.values(s);
    } catch (e) {
      // The reader's located errors (file and entry) reach the user as they are.
      throw e instanceof BackstepError ? e : new BackstepError('E_ARGUMENT', e instanceof Error ? e.message : String(e));
    }
    if (t.size !== this.size) throw new BackstepError('E_SHAPE', `${s.id} in ${this.cache.reader.file} holds ${t.size} values where its shape [${this.shape.join(',')}] needs ${this.size}`);
    return t.data instanceof Float64Array ? t.data : Float64Array.from(t.data);
  }
}

/** The stats functions' view of a recorded tensor: what the recorder computed (unknown numbers read as NaN). */
function statsFrom(s: TraceTensor | null, size: number): TensorStats {
  const n = (x: number | null | undefined): number => (x === null || x === undefined ? NaN : x);
  const st = s?.stats;
  return { min: n(st?.min), max: n(st?.max), mean: n(st?.mean), std: n(st?.std), norm: n(st?.norm), nanCount: st?.nan ?? 0, infCount: st?.inf ?? 0, size };
}
