/**
 * A log-linear latency histogram in the spirit of HdrHistogram: fixed memory (about 2,000 counters),
 * values in microseconds, relative error under 1/64 (1.6 %), mergeable across worker processes.
 */

/** Values below 2^7 µs get their own bucket; above, each power of two splits into 64 buckets (error < 1/64). */
const LINEAR = 128;
const HALF = 64;
/** Highest tracked value: 2^37 µs (about 38 hours); anything above is clamped into the top bucket. */
const MAX_EXPONENT = 30;
const BUCKETS = LINEAR + MAX_EXPONENT * HALF;

/** Percentiles in milliseconds, as reports show them. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/** Non-zero buckets as [index, count] pairs: what workers send over IPC. */
export type SparseHistogram = [number, number][];

export interface SerializedHistogram {
  buckets: SparseHistogram;
  sumMicros: number;
  maxMicros: number;
}

function bucketOf(micros: number): number {
  const v = Math.max(0, Math.floor(micros));
  if (v < LINEAR) return v;
  // v = s * 2^e with s in [64, 128); log2 may be off by one at exact powers, so correct it.
  let exponent = Math.floor(Math.log2(v)) - 6;
  let sub = Math.floor(v / 2 ** exponent);
  if (sub >= LINEAR) sub = Math.floor(v / 2 ** ++exponent);
  else if (sub < HALF) sub = Math.floor(v / 2 ** --exponent);
  return Math.min(BUCKETS - 1, LINEAR + (exponent - 1) * HALF + (sub - HALF));
}

/** The highest value a bucket holds (what percentiles report, so they never understate). */
function upperOf(index: number): number {
  if (index < LINEAR) return index;
  const k = index - LINEAR;
  const exponent = Math.floor(k / HALF) + 1;
  const sub = (k % HALF) + HALF;
  return (sub + 1) * 2 ** exponent - 1;
}

export class LatencyHistogram {
  private counts = new Float64Array(BUCKETS);
  private total = 0;
  private sumMicros = 0;
  private maxMicros = 0;

  /** Records one latency in milliseconds. */
  record(ms: number): void {
    const micros = ms * 1000;
    this.counts[bucketOf(micros)]! += 1;
    this.total++;
    this.sumMicros += micros;
    if (micros > this.maxMicros) this.maxMicros = micros;
  }

  get count(): number {
    return this.total;
  }

  merge(other: LatencyHistogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.total += other.total;
    this.sumMicros += other.sumMicros;
    this.maxMicros = Math.max(this.maxMicros, other.maxMicros);
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sumMicros = 0;
    this.maxMicros = 0;
  }

  /** Samples above `ms` (those in the bucket holding `ms` not counted: within the 1.6 % error). */
  countAbove(ms: number): number {
    let above = 0;
    for (let i = bucketOf(ms * 1000) + 1; i < BUCKETS; i++) above += this.counts[i]!;
    return above;
  }

  /** The value (ms) at or below which `fraction` of the samples lie. */
  percentile(fraction: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(fraction * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(upperOf(i), this.maxMicros) / 1000;
    }
    return this.maxMicros / 1000;
  }

  summary(): LatencySummary {
    return {
      count: this.total,
      p50: round(this.percentile(0.5)),
      p90: round(this.percentile(0.9)),
      p99: round(this.percentile(0.99)),
      p999: round(this.percentile(0.999)),
      max: round(this.maxMicros / 1000),
      mean: round(this.total === 0 ? 0 : this.sumMicros / this.total / 1000),
    };
  }

  toSparse(): SerializedHistogram {
    const buckets: SparseHistogram = [];
    for (let i = 0; i < BUCKETS; i++) if (this.counts[i] !== 0) buckets.push([i, this.counts[i]!]);
    return { buckets, sumMicros: this.sumMicros, maxMicros: this.maxMicros };
  }

  static fromSparse(sparse: SerializedHistogram): LatencyHistogram {
    const histogram = new LatencyHistogram();
    for (const [index, count] of sparse.buckets) {
      histogram.counts[index]! += count;
      histogram.total += count;
    }
    histogram.sumMicros = sparse.sumMicros;
    histogram.maxMicros = sparse.maxMicros;
    return histogram;
  }
}

/** Milliseconds to 0.01 ms: finer digits are noise at this resolution. */
function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
