/** Server-side figures: CPU and RSS of a local process from /proc, and the commit histograms from /metrics. */
import { readFileSync } from 'node:fs';

/** Linux reports CPU time in clock ticks; 100 per second on every mainstream kernel config. */
const CLOCK_TICKS = 100;
const PAGE_BYTES = 4096;

export interface ProcSample {
  at: number;
  cpuSec: number;
  /** The main thread's share of cpuSec (the rest: worker threads such as the SQLite writer, GC helpers, libuv). */
  mainCpuSec: number;
  rssBytes: number;
  /** Time the main thread was runnable but not running (other processes had the CPU); 0 without schedstat. */
  waitSec: number;
}

/** Reads utime+stime and RSS of a process; undefined when it is gone or /proc is not there. */
export function sampleProcess(pid: number): ProcSample | undefined {
  try {
    const fields = statFields(`/proc/${pid}/stat`);
    const cpuTicks = Number(fields[11]) + Number(fields[12]);
    return { at: performance.now(), cpuSec: cpuTicks / CLOCK_TICKS, mainCpuSec: mainThreadCpuSec(pid), rssBytes: Number(fields[21]) * PAGE_BYTES, waitSec: runQueueWaitSec(pid) };
  } catch {
    return undefined;
  }
}

/** A stat file's fields from field 3 ("state") on: the command name before them may hold spaces. */
function statFields(file: string): string[] {
  const stat = readFileSync(file, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** utime+stime of the main thread alone (its task id is the pid); 0 when the task file is not there. */
function mainThreadCpuSec(pid: number): number {
  try {
    const fields = statFields(`/proc/${pid}/task/${pid}/stat`);
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/**
 * Several servers as one (the nodes of a cluster): CPU and RSS summed, run-queue wait averaged so it
 * stays the share of time one main thread waited. Undefined when any of them is gone.
 */
export function sampleProcesses(pids: readonly number[]): ProcSample | undefined {
  const all = pids.map(sampleProcess).filter((s): s is ProcSample => s !== undefined);
  if (all.length === 0 || all.length < pids.length) return undefined;
  const total = (pick: (s: ProcSample) => number): number => all.reduce((n, s) => n + pick(s), 0);
  return { at: performance.now(), cpuSec: total((s) => s.cpuSec), mainCpuSec: total((s) => s.mainCpuSec), rssBytes: total((s) => s.rssBytes), waitSec: total((s) => s.waitSec) / all.length };
}

/** schedstat's second field: nanoseconds spent waiting on a run queue. It tells a busy machine from a slow server. */
function runQueueWaitSec(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return 0;
  }
}

/** Samples the server processes once a second: average CPU % between start and stop, and peak RSS (summed over them). */
export class ProcWatch {
  private first: ProcSample | undefined;
  private last: ProcSample | undefined;
  private peakRss = 0;
  /** The sample behind the last progress figure. */
  private recent: ProcSample | undefined;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(private readonly pids: readonly number[]) {
    if (pids.length === 0) return;
    this.first = sampleProcesses(pids);
    this.last = this.first;
    this.peakRss = this.first?.rssBytes ?? 0;
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref();
  }

  /** CPU % since the previous call (for the progress line), and the current RSS. */
  current(): { cpuPct: number; rssBytes: number } | undefined {
    const now = sampleProcesses(this.pids);
    if (!now) return undefined;
    const before = this.recent ?? this.first ?? now;
    this.recent = now;
    return { cpuPct: percent(before, now), rssBytes: now.rssBytes };
  }

  stop(): { cpuPct: number; cpuSec: number; mainCpuSec: number; waitPct: number; rssBytes: number; peakRssBytes: number } | undefined {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    if (!this.first || !this.last) return undefined;
    const seconds = (this.last.at - this.first.at) / 1000;
    const waitPct = seconds <= 0 ? 0 : Math.round(((this.last.waitSec - this.first.waitSec) / seconds) * 1000) / 10;
    return { cpuPct: percent(this.first, this.last), cpuSec: this.last.cpuSec - this.first.cpuSec, mainCpuSec: this.last.mainCpuSec - this.first.mainCpuSec, waitPct, rssBytes: this.last.rssBytes, peakRssBytes: this.peakRss };
  }

  private sample(): void {
    const now = sampleProcesses(this.pids);
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

/** One histogram over every node's /metrics text (they share bucket bounds): counts added bucket by bucket. */
export function summedHistogram(texts: readonly (string | undefined)[], name: string): PromHistogram | undefined {
  const found = texts.flatMap((text) => (text === undefined ? [] : [parsePromHistogram(text, name)])).filter((h): h is PromHistogram => h !== undefined);
  const [first] = found;
  if (!first) return undefined;
  const counts = new Map<number, number>();
  for (const h of found) for (const [le, n] of h.buckets) counts.set(le, (counts.get(le) ?? 0) + n);
  return {
    buckets: first.buckets.map(([le]) => [le, counts.get(le) ?? 0]),
    sum: found.reduce((total, h) => total + h.sum, 0),
    count: found.reduce((total, h) => total + h.count, 0),
  };
}

/** A counter over every node's /metrics text, all label sets added; undefined when no node has it. */
export function summedCounter(texts: readonly (string | undefined)[], name: string): number | undefined {
  let total: number | undefined;
  for (const text of texts) {
    for (const line of text?.split('\n') ?? []) {
      const next = line.charAt(name.length);
      if (line.startsWith(name) && (next === ' ' || next === '{')) total = (total ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return total;
}

/** The largest value of an unlabelled gauge over every node's /metrics text. */
export function maxGauge(texts: readonly (string | undefined)[], name: string): number | undefined {
  const values = texts.flatMap((text) => text?.split('\n').filter((line) => line.startsWith(`${name} `)) ?? []).map((line) => Number(line.slice(name.length + 1)));
  return values.length === 0 ? undefined : Math.max(...values);
}

/** A counter over every node's /metrics text by the value of one label (other labels added up). */
export function countsByLabel(texts: readonly (string | undefined)[], name: string, label: string): Record<string, number> {
  const counts: Record<string, number> = {};
  const pattern = new RegExp(`[{,]${label}="([^"]*)"`);
  for (const text of texts) {
    for (const line of text?.split('\n') ?? []) {
      if (!line.startsWith(`${name}{`)) continue;
      const key = pattern.exec(line)?.[1];
      if (key !== undefined) counts[key] = (counts[key] ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return counts;
}

/** What each count grew by from `before` to `after` (keys that did not grow left out). */
export function countsGrowth(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const grown: Record<string, number> = {};
  for (const [key, n] of Object.entries(after)) if (n > (before[key] ?? 0)) grown[key] = n - (before[key] ?? 0);
  return grown;
}

/** GC pauses of the nodes as their /metrics count them (prom-client's default `nodejs_gc_duration_seconds`, by kind). */
export interface GcPauses {
  /** Pauses above 100 ms, every kind. */
  over100ms: number;
  majorCount: number;
  majorSeconds: number;
}

const GC = 'glide_nodejs_gc_duration_seconds';

/** Cumulative GC pause figures over every node's /metrics text; undefined when no node has them. */
export function gcPauses(texts: readonly (string | undefined)[]): GcPauses | undefined {
  let found: GcPauses | undefined;
  for (const line of texts.flatMap((text) => text?.split('\n') ?? [])) {
    if (!line.startsWith(GC)) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    const totals = (found ??= { over100ms: 0, majorCount: 0, majorSeconds: 0 });
    const rest = line.slice(GC.length);
    if (rest.startsWith('_count')) totals.over100ms += value;
    else if (rest.startsWith('_bucket') && rest.includes('le="0.1"')) totals.over100ms -= value;
    if (!rest.includes('kind="major"')) continue;
    if (rest.startsWith('_count')) totals.majorCount += value;
    else if (rest.startsWith('_sum')) totals.majorSeconds += value;
  }
  return found;
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

/** Every node's /metrics text, undefined for a node that did not answer. */
export function scrapeAll(httpBases: readonly string[]): Promise<(string | undefined)[]> {
  return Promise.all(httpBases.map(scrapeMetrics));
}

export async function scrapeMetrics(httpBase: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${httpBase}/metrics`);
    return res.ok ? await res.text() : undefined;
  } catch {
    return undefined;
  }
}

/** The soft open-files limit of a process from /proc; undefined where it cannot be read. */
export function openFilesLimitOf(pid: number): number | undefined {
  try {
    const match = /^Max open files\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
