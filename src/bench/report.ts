/** Turns worker results into summaries, the terminal table, and the JSON + Markdown files. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { LatencyHistogram, type LatencySummary } from './histogram.js';
import { bucketCounts, promQuantile, type GcPauses, type PromHistogram } from './proc-stats.js';
import type { RoleCpu } from './role-stats.js';
import type { BenchTarget, ChatStep, ChatStepResult } from './types.js';

export interface ServerFigures {
  cpuPct: number;
  /** Server CPU time over the step (all nodes). */
  cpuSec: number;
  /** Of cpuSec, the main threads' (the rest: the SQLite writer thread, GC helpers, libuv's pool). */
  mainCpuSec: number;
  /** Share of wall time the server's main thread waited for a CPU held by others: high means a busy machine. */
  runQueueWaitPct: number;
  rssMB: number;
  peakRssMB: number;
}

export interface CommitFigures {
  commits: number;
  perSecond: number;
  meanBatch: number;
  /** Commits per batch-size bucket ("<=16": commits of 9–16 messages). */
  batchBuckets: Record<string, number>;
  /** Bucket bounds (ms) holding the median and 99th percentile commit, and the mean. */
  commitP50Ms: number;
  commitP99Ms: number;
  commitMeanMs: number;
  /** Commits per latency bucket, seconds ("<=0.005": 2–5 ms). */
  commitSecondsBuckets: Record<string, number>;
  /** Batches retried because another node took one of their inbox seqs first (a cluster's cost); undefined when not counted. */
  storeConflicts: number | undefined;
}

/** Where a step's stalls were: the client's event loop, the server's, its GC (what a delivery latency alone cannot tell). */
export interface StallFigures {
  /** Messages delivered more than STALL_MS after their send. */
  deliveriesOverStall: number;
  /** The worst bench worker's event-loop delay, ms (beyond its sampler's timer). */
  clientLoopDelayMs: { p99: number; max: number };
  /** The servers' longest event-loop delay since the previous /metrics scrape (the step's start, unless a soak scraped since), ms. */
  serverLoopMaxMs: number | undefined;
  /** The servers' GC pauses over the step (prom-client counts the first pause of each batch it is told of: a lower bound). */
  serverGc: GcPauses | undefined;
}

/** A delivery this late counts as a stall (the soak's target: none over 250 ms). */
export const STALL_MS = 250;
/** The server samples its event-loop delay every 100 ms (metrics/registry.ts); the figure it reports includes that. */
const SERVER_LOOP_SAMPLE_MS = 100;

export function stallFigures(results: readonly ChatStepResult[], gc: { before: GcPauses; after: GcPauses } | undefined, serverLoopMaxS: number | undefined): StallFigures {
  const delivery = new LatencyHistogram();
  for (const result of results) delivery.merge(LatencyHistogram.fromSparse(result.delivery));
  const round1 = (ms: number): number => Math.round(ms * 10) / 10;
  return {
    deliveriesOverStall: delivery.countAbove(STALL_MS),
    clientLoopDelayMs: { p99: Math.max(0, ...results.map((r) => r.loopDelayMs.p99)), max: Math.max(0, ...results.map((r) => r.loopDelayMs.max)) },
    serverLoopMaxMs: serverLoopMaxS === undefined ? undefined : round1(Math.max(0, serverLoopMaxS * 1000 - SERVER_LOOP_SAMPLE_MS)),
    serverGc: gc && {
      over100ms: gc.after.over100ms - gc.before.over100ms,
      majorCount: gc.after.majorCount - gc.before.majorCount,
      majorSeconds: Math.round((gc.after.majorSeconds - gc.before.majorSeconds) * 1000) / 1000,
    },
  };
}

export interface StepSummary {
  step: number;
  target: BenchTarget;
  /** Server nodes the users were spread over (pairs across two of them when more than one). */
  nodes: number;
  users: number;
  ratePerUser: number;
  /** Messages per second the schedule offered (≈ users × rate). */
  targetRate: number;
  /** Delivered messages per second over the step, drain included. */
  deliveredRate: number;
  durationS: number;
  sent: number;
  acked: number;
  delivered: number;
  receipts: number;
  deliveryPct: number;
  lost: number;
  unacked: number;
  duplicated: number;
  outOfOrder: number;
  redelivered: number;
  stale: number;
  strayReceipts: number;
  failed: number;
  errors: number;
  lateSends: number;
  owedAtEnd: number;
  /** Some worker stopped waiting before every message was acked and delivered. */
  isDrainTimedOut: boolean;
  latencyMs: { ack: LatencySummary | undefined; delivery: LatencySummary; receipt: LatencySummary | undefined };
  reconnect: { dropped: number; resynced: number; reconnectMs: LatencySummary; resyncMs: LatencySummary } | undefined;
  server: ServerFigures | undefined;
  clientCpuPct: number;
  /** CPU time per delivered message, µs: the figure that survives a busy machine best. */
  cpuUsPerMessage: CpuPerItem;
  /** CPU µs per delivered message of each role (nodes, NATS, PostgreSQL) and their sum; undefined when not measured. */
  cpuUsByRole: { roles: { name: string; us: number }[]; wholeSystemUs: number } | undefined;
  commits: CommitFigures | undefined;
  stalls: StallFigures | undefined;
  isPass: boolean;
  /** Why the step does not count as within the limit. */
  verdict: string;
}

/** CPU µs per delivered item (message or member delivery); undefined when nothing was delivered or not measured. */
export interface CpuPerItem {
  server: number | undefined;
  client: number | undefined;
}

const round = (us: number): number => Math.round(us * 10) / 10;

export function cpuPerItem(serverCpuSec: number | undefined, clientCpuMicros: number, items: number): CpuPerItem {
  if (items === 0) return { server: undefined, client: undefined };
  return { server: serverCpuSec === undefined ? undefined : round((serverCpuSec * 1e6) / items), client: round(clientCpuMicros / items) };
}

export const cpuCell = (c: CpuPerItem): string => `${c.server ?? '–'} / ${c.client ?? '–'}`;

/** Server CPU per item split between the main thread (event loop) and the others (SQLite writer, GC, libuv). */
export function threadSplit(server: Pick<ServerFigures, 'cpuSec' | 'mainCpuSec'>, items: number): string {
  const main = round((server.mainCpuSec * 1e6) / items);
  return `${main} / ${round(((server.cpuSec - server.mainCpuSec) * 1e6) / items)}`;
}

const mb = (bytes: number): number => Math.round(bytes / 1024 / 102.4) / 10;

export function serverFigures(stats: { cpuPct: number; cpuSec: number; mainCpuSec: number; waitPct: number; rssBytes: number; peakRssBytes: number } | undefined): ServerFigures | undefined {
  return stats && { cpuPct: stats.cpuPct, cpuSec: stats.cpuSec, mainCpuSec: stats.mainCpuSec, runQueueWaitPct: stats.waitPct, rssMB: mb(stats.rssBytes), peakRssMB: mb(stats.peakRssBytes) };
}

export function commitFigures(batch: PromHistogram | undefined, seconds: PromHistogram | undefined, elapsedS: number, storeConflicts: number | undefined): CommitFigures | undefined {
  if (!batch || !seconds) return undefined;
  return {
    commits: batch.count,
    perSecond: Math.round(batch.count / elapsedS),
    meanBatch: batch.count === 0 ? 0 : Math.round((batch.sum / batch.count) * 10) / 10,
    batchBuckets: bucketCounts(batch),
    commitP50Ms: promQuantile(seconds, 0.5) * 1000,
    commitP99Ms: promQuantile(seconds, 0.99) * 1000,
    commitMeanMs: seconds.count === 0 ? 0 : Math.round((seconds.sum / seconds.count) * 1e5) / 100,
    commitSecondsBuckets: bucketCounts(seconds),
    storeConflicts,
  };
}

function merged(results: ChatStepResult[], pick: (r: ChatStepResult) => ChatStepResult['ack']): LatencySummary {
  const histogram = new LatencyHistogram();
  for (const result of results) histogram.merge(LatencyHistogram.fromSparse(pick(result)));
  return histogram.summary();
}

const sum = (results: ChatStepResult[], pick: (r: ChatStepResult) => number): number => results.reduce((total, r) => total + pick(r), 0);

export function summarizeStep(input: {
  step: ChatStep;
  target: BenchTarget;
  nodes: number;
  users: number;
  results: ChatStepResult[];
  server: ServerFigures | undefined;
  roles?: readonly RoleCpu[];
  commits: CommitFigures | undefined;
  stalls: StallFigures | undefined;
  p99LimitMs: number;
}): StepSummary {
  const { step, results } = input;
  const isGlide = input.target === 'glide';
  const elapsedS = Math.max(...results.map((r) => r.elapsedMs)) / 1000;
  const total = (pick: (r: ChatStepResult) => number): number => sum(results, pick);
  const sent = total((r) => r.sent);
  const delivered = total((r) => r.delivered);
  const delivery = merged(results, (r) => r.delivery);
  const summary: StepSummary = {
    step: step.index,
    target: input.target,
    nodes: input.nodes,
    users: input.users,
    ratePerUser: step.ratePerUser,
    // What the schedule offered: each user's count is rate × duration rounded, so short steps differ from users × rate.
    targetRate: Math.round(sent / (step.durationMs / 1000)),
    deliveredRate: Math.round(delivered / elapsedS),
    durationS: step.durationMs / 1000,
    sent,
    acked: total((r) => r.acked),
    delivered,
    receipts: total((r) => r.receipts),
    deliveryPct: sent === 0 ? 0 : Math.floor((delivered / sent) * 100_000) / 1000,
    lost: total((r) => r.lost),
    unacked: total((r) => r.unacked),
    duplicated: total((r) => r.duplicated),
    outOfOrder: total((r) => r.outOfOrder),
    redelivered: total((r) => r.redelivered),
    stale: total((r) => r.stale),
    strayReceipts: total((r) => r.strayReceipts),
    failed: total((r) => r.failed),
    errors: total((r) => r.errors),
    lateSends: total((r) => r.lateSends),
    owedAtEnd: total((r) => r.owedAtEnd),
    isDrainTimedOut: results.some((r) => !r.isDrained),
    latencyMs: { ack: isGlide ? merged(results, (r) => r.ack) : undefined, delivery, receipt: isGlide ? merged(results, (r) => r.receipt) : undefined },
    reconnect: step.drop
      ? { dropped: total((r) => r.dropped), resynced: total((r) => r.resynced), reconnectMs: merged(results, (r) => r.reconnect), resyncMs: merged(results, (r) => r.resync) }
      : undefined,
    server: input.server,
    clientCpuPct: Math.round((total((r) => r.cpuMicros) / 1e6 / elapsedS) * 1000) / 10,
    cpuUsPerMessage: cpuPerItem(input.server?.cpuSec, total((r) => r.cpuMicros), delivered),
    cpuUsByRole: byRole(input.roles, delivered),
    commits: input.commits,
    stalls: input.stalls,
    isPass: false,
    verdict: '',
  };
  const problems: string[] = [];
  if (summary.deliveryPct < 100 || summary.lost > 0) problems.push(`delivery ${summary.deliveryPct} %, lost ${summary.lost}`);
  if (summary.isDrainTimedOut) problems.push(`drain timed out after ${step.drainMs / 1000} s (lost/unacked include messages still in flight)`);
  if (summary.duplicated > 0 || summary.outOfOrder > 0) problems.push(`dup ${summary.duplicated}, out-of-order ${summary.outOfOrder}`);
  if (summary.failed > 0) problems.push(`${summary.failed} refused`);
  if (delivery.p99 > input.p99LimitMs) problems.push(`p99 ${delivery.p99} ms > ${input.p99LimitMs} ms`);
  // A client that fell behind its schedule offered less than the asked rate: not a valid point.
  // (Single late sends are normal on a busy machine; latency is measured from the actual send.)
  if (summary.owedAtEnd > sent * 0.02 || summary.lateSends > sent * 0.1) problems.push(`client behind schedule (${summary.owedAtEnd} owed at the end, ${summary.lateSends} sends > 10 ms late)`);
  summary.isPass = problems.length === 0;
  summary.verdict = summary.isPass ? 'within limit' : problems.join('; ');
  return summary;
}

function byRole(roles: readonly RoleCpu[] | undefined, delivered: number): StepSummary['cpuUsByRole'] {
  if (!roles || roles.length === 0 || delivered === 0) return undefined;
  const us = (sec: number): number => Math.round((sec * 1e6) / delivered);
  return { roles: roles.map((role) => ({ name: role.name, us: us(role.cpuSec) })), wholeSystemUs: us(roles.reduce((n, role) => n + role.cpuSec, 0)) };
}

const fmt = (n: number): string => n.toLocaleString('en-US');
const lat = (s: LatencySummary | undefined): string => (s === undefined || s.count === 0 ? '–' : `${s.p50} / ${s.p90} / ${s.p99} / ${s.p999} / ${s.max}`);

/** A step as Markdown table rows (also printed to the terminal: it reads fine as plain text). */
export function stepTable(s: StepSummary): string {
  const rows: [string, string][] = [
    ['target', `${s.target}${s.nodes > 1 ? ` on ${s.nodes} nodes (every pair across two)` : ''}, ${s.users} users × ${s.ratePerUser} msg/s = ${fmt(s.targetRate)} msg/s for ${s.durationS} s`],
    ['delivered rate', `${fmt(s.deliveredRate)} msg/s`],
    ['sent / acked / delivered / receipts', `${fmt(s.sent)} / ${fmt(s.acked)} / ${fmt(s.delivered)} / ${fmt(s.receipts)}`],
    ['delivery', `${s.deliveryPct} %`],
    ['lost / unacked / duplicated / out-of-order', `${s.lost} / ${s.unacked} / ${s.duplicated} / ${s.outOfOrder}`],
    ['redelivered after reconnect (deduped) / stale / stray receipts', `${s.redelivered} / ${s.stale} / ${s.strayReceipts}`],
    ['refused / connection errors', `${s.failed} / ${s.errors}`],
    ['client: sends > 10 ms late / owed at the end', `${s.lateSends} / ${s.owedAtEnd}`],
    ['send→ack ms p50/p90/p99/p999/max', lat(s.latencyMs.ack)],
    ['send→delivery ms p50/p90/p99/p999/max', lat(s.latencyMs.delivery)],
    ['send→receipt ms p50/p90/p99/p999/max', lat(s.latencyMs.receipt)],
  ];
  if (s.reconnect) {
    rows.push(['dropped / resynced', `${s.reconnect.dropped} / ${s.reconnect.resynced}`]);
    rows.push(['drop→signed in ms p50/p90/p99/p999/max', lat(s.reconnect.reconnectMs)]);
    rows.push(['drop→resynced ms p50/p90/p99/p999/max', lat(s.reconnect.resyncMs)]);
  }
  rows.push([`server CPU / run-queue wait / RSS (peak)${s.nodes > 1 ? `, sum of ${s.nodes} nodes (wait: mean)` : ''}`, s.server ? `${s.server.cpuPct} % / ${s.server.runQueueWaitPct} % / ${s.server.rssMB} MB (${s.server.peakRssMB} MB)` : 'not measured (no local PID)']);
  rows.push(['client CPU (all workers)', `${s.clientCpuPct} %`]);
  rows.push(['CPU µs per delivered message: server / client', cpuCell(s.cpuUsPerMessage)]);
  if (s.server && s.delivered > 0) rows.push(['server CPU µs per delivered message: main thread / other threads', threadSplit(s.server, s.delivered)]);
  if (s.cpuUsByRole) rows.push(['CPU µs per delivered message by role → whole system', `${s.cpuUsByRole.roles.map((r) => `${r.name} ${r.us}`).join(' / ')} → ${s.cpuUsByRole.wholeSystemUs}`]);
  if (s.commits) {
    const c = s.commits;
    const buckets = Object.entries(c.batchBuckets).filter(([, n]) => n > 0).map(([le, n]) => `${le}:${n}`).join(' ');
    rows.push(['commits', `${fmt(c.commits)} (${fmt(c.perSecond)}/s), mean batch ${c.meanBatch}, commit p50 ≤ ${c.commitP50Ms} ms, p99 ≤ ${c.commitP99Ms} ms, mean ${c.commitMeanMs} ms${c.storeConflicts === undefined ? '' : `, ${fmt(c.storeConflicts)} retried on a store conflict`}`]);
    rows.push(['batch sizes', buckets || '–']);
    rows.push(['commit seconds', Object.entries(c.commitSecondsBuckets).filter(([, n]) => n > 0).map(([le, n]) => `${le}:${n}`).join(' ') || '–']);
  }
  if (s.stalls) {
    const { deliveriesOverStall, clientLoopDelayMs: client, serverLoopMaxMs, serverGc: gc } = s.stalls;
    rows.push([`stalls: deliveries > ${STALL_MS} ms / client event-loop delay p99, max (worst worker) / server event-loop delay max`, `${fmt(deliveriesOverStall)} / ${client.p99}, ${client.max} ms / ${serverLoopMaxMs ?? '–'} ms`]);
    if (gc) rows.push(['server GC: pauses > 100 ms / major GCs, their time', `${gc.over100ms} / ${gc.majorCount}, ${Math.round(gc.majorSeconds * 1000)} ms`]);
  }
  rows.push(['verdict', s.verdict]);
  return ['| figure | value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

export function machine(): { nproc: number; cpuModel: string; memGB: number; loadavg: number[]; node: string } {
  return {
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memGB: Math.round(totalmem() / 1024 ** 3),
    loadavg: loadavg().map((n) => Math.round(n * 100) / 100),
    node: process.version,
  };
}

/** Writes `<out>/<workload>-<time>.json` and `.md`; returns the paths. */
export function writeReport(outDir: string, name: string, report: { markdown: string; data: unknown }): { json: string; md: string } {
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const json = join(outDir, `${name}-${stamp}.json`);
  const md = join(outDir, `${name}-${stamp}.md`);
  writeFileSync(json, `${JSON.stringify(report.data, null, 2)}\n`);
  writeFileSync(md, `${report.markdown}\n`);
  return { json, md };
}

/** Sums per-worker tallies of close reasons. */
export function mergeCounts(tallies: readonly Record<string, number>[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const tally of tallies) for (const [key, n] of Object.entries(tally)) sum[key] = (sum[key] ?? 0) + n;
  return sum;
}

/** 'closed 4001: 12, closed 1006: 3' (most first), or '–'. */
export function countsCell(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? '–' : entries.map(([key, n]) => `${key}: ${n}`).join(', ');
}
