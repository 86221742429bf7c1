/** Server-side figures: CPU and RSS of a local process from /proc, and the commit histograms from /metrics. */
import { readFileSync } from 'node:fs';

/** Linux reports CPU time in clock ticks; 100 per second on every mainstream kernel config. */
const CLOCK_TICKS = 100;
const PAGE_BYTES = 4096;

export interface ProcSample {
  at: number;
  cpuSec: number;
  rssBytes: number;
  /** Time the main thread was runnable but not running (other processes had the CPU); 0 without schedstat. */
  waitSec: number;
}

/** Reads utime+stime and RSS of a process; undefined when it is gone or /proc is not there. */
export function sampleProcess(pid: number): ProcSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3, "state".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuTicks = Number(fields[11]) + Number(fields[12]);
    return { at: performance.now(), cpuSec: cpuTicks / CLOCK_TICKS, rssBytes: Number(fields[21]) * PAGE_BYTES, waitSec: runQueueWaitSec(pid) };
  } catch {
    return undefined;
  }
}

/** schedstat's second field: nanoseconds spent waiting on a run queue. It tells a busy machine from a slow server. */
function runQueueWaitSec(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return 0;
  }
}

/** Samples a process once a second: average CPU % between start and stop, and peak RSS. */
export class ProcWatch {
  private first: ProcSample | undefined;
  private last: ProcSample | undefined;
  private peakRss = 0;
  /** The sample behind the last progress figure. */
  private recent: ProcSample | undefined;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(private readonly pid: number | undefined) {
    if (pid === undefined) return;
    this.first = sampleProcess(pid);
    this.last = this.first;
    this.peakRss = this.first?.rssBytes ?? 0;
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref();
  }

  /** CPU % since the previous call (for the progress line), and the current RSS. */
  current(): { cpuPct: number; rssBytes: number } | undefined {
    if (this.pid === undefined) return undefined;
    const now = sampleProcess(this.pid);
    if (!now) return undefined;
    const before = this.recent ?? this.first ?? now;
    this.recent = now;
    return { cpuPct: percent(before, now), rssBytes: now.rssBytes };
  }

  stop(): { cpuPct: number; waitPct: number; rssBytes: number; peakRssBytes: number } | undefined {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    if (!this.first || !this.last) return undefined;
    const seconds = (this.last.at - this.first.at) / 1000;
    const waitPct = seconds <= 0 ? 0 : Math.round(((this.last.waitSec - this.first.waitSec) / seconds) * 1000) / 10;
    return { cpuPct: percent(this.first, this.last), waitPct, rssBytes: this.last.rssBytes, peakRssBytes: this.peakRss };
  }

  private sample(): void {
    if (this.pid === undefined) return;
    const now = sampleProcess(this.pid);
    if (!now) return;
    this.last = now;
    this.peakRss = Math.max(this.peakRss, now.rssBytes);
  }
}

function percent(from: ProcSample, to: ProcSample): number {
  const seconds = (to.at - from.at) / 1000;
  return seconds <= 0 ? 0 : Math.round(((to.cpuSec - from.cpuSec) / seconds) * 1000) / 10;
}

/** One Prometheus histogram: cumulative counts by upper bound, plus sum and count. */
export interface PromHistogram {
  buckets: [number, number][];
  sum: number;
  count: number;
}

/** Reads one histogram out of Prometheus text exposition; undefined when the server does not have it. */
export function parsePromHistogram(text: string, name: string): PromHistogram | undefined {
  const buckets: [number, number][] = [];
  let sum = 0;
  let count = 0;
  let isFound = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (rest.startsWith('_bucket{')) {
      const le = /le="([^"]+)"/.exec(rest)?.[1];
      if (le !== undefined) buckets.push([le === '+Inf' ? Infinity : Number(le), value]);
      isFound = true;
    } else if (rest.startsWith('_sum')) sum = value;
    else if (rest.startsWith('_count')) count = value;
  }
  return isFound ? { buckets, sum, count } : undefined;
}

/** What happened between two scrapes. */
export function diffHistogram(before: PromHistogram | undefined, after: PromHistogram): PromHistogram {
  const earlier = new Map(before?.buckets ?? []);
  return {
    buckets: after.buckets.map(([le, n]) => [le, n - (earlier.get(le) ?? 0)]),
    sum: after.sum - (before?.sum ?? 0),
    count: after.count - (before?.count ?? 0),
  };
}

/** The bucket bound that holds the given fraction of observations (an upper estimate, as Prometheus would). */
export function promQuantile(histogram: PromHistogram, fraction: number): number {
  if (histogram.count === 0) return 0;
  const rank = fraction * histogram.count;
  for (const [le, n] of histogram.buckets) if (n >= rank) return le;
  return Infinity;
}

/** Cumulative buckets as per-bucket counts, labelled "≤ le" (what a reader wants to see). */
export function bucketCounts(histogram: PromHistogram): Record<string, number> {
  const out: Record<string, number> = {};
  let previous = 0;
  for (const [le, n] of histogram.buckets) {
    out[le === Infinity ? '+Inf' : `<=${le}`] = n - previous;
    previous = n;
  }
  return out;
}

export async function scrapeMetrics(httpBase: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${httpBase}/metrics`);
    return res.ok ? await res.text() : undefined;
  } catch {
    return undefined;
  }
}
