/** The workloads: chat (one rate or a --max search), reconnect, connect and compare chat. */
import { LatencyHistogram } from './histogram.js';
import { MAX_MESSAGES, type BenchOptions } from './options.js';
import { diffHistogram, gcPauses, maxGauge, ProcWatch, scrapeAll, summedCounter, summedHistogram, type GcPauses, type PromHistogram } from './proc-stats.js';
import { benchRoles, RoleWatch } from './role-stats.js';
import { commitFigures, mergeCounts, serverFigures, stallFigures, summarizeStep, type StepSummary } from './report.js';
import type { ConnectFigures, Session } from './session.js';
import type { ChatCounters, ChatStep } from './types.js';

/** Glide refuses more than 200 messages per second per connection by default (messaging.maxMessagesPerSecond, counted
 * in fixed one-second windows); 150 stays clear of it despite send jitter. */
const MAX_RATE_PER_USER = 150;
const MAX_SEARCH_STEPS = 10;
/** Stop searching when the failing rate is within this factor of the passing one. */
const SEARCH_PRECISION = 1.1;
const PAUSE_BETWEEN_STEPS_MS = 1000;

export type Log = (line: string) => void;
export type ProgressLine = (line: string) => void;

interface Commits {
  batch: PromHistogram | undefined;
  seconds: PromHistogram | undefined;
  /** Batches retried because another node took an inbox seq first (clusters only). */
  conflicts: number | undefined;
  gc: GcPauses | undefined;
  /** The nodes' longest event-loop delay since their previous scrape (prom-client resets it on each one). */
  loopMaxS: number | undefined;
}

/** Commit figures summed over every node: each node commits the messages its users send. */
async function commitSnapshot(session: Session): Promise<Commits> {
  const texts = session.target === 'glide' ? await scrapeAll(session.httpBases) : [];
  return {
    batch: summedHistogram(texts, 'glide_messages_commit_batch_size'),
    seconds: summedHistogram(texts, 'glide_messages_commit_seconds'),
    // One node has no one to conflict with: its rows stay as they were.
    conflicts: session.httpBases.length > 1 ? summedCounter(texts, 'glide_messages_store_conflicts_total') : undefined,
    gc: gcPauses(texts),
    loopMaxS: maxGauge(texts, 'glide_nodejs_eventloop_lag_max_seconds'),
  };
}

/** Runs one chat step on the session's connections, with a live progress line. */
export async function runChatStep(session: Session, options: BenchOptions, step: ChatStep, progress: ProgressLine): Promise<StepSummary> {
  const before = await commitSnapshot(session);
  const watch = new ProcWatch(session.pids);
  const roles = new RoleWatch(session.target === 'glide' ? benchRoles({ nodePids: session.pids, clusterUrl: session.pids.length > 1 ? options.clusterUrl : undefined, db: options.db }) : []);
  const latest = new Map<number, ChatCounters>();
  const windows = new Map<number, LatencyHistogram>();
  let previousSent = 0;
  const startedAt = performance.now();
  session.pool.onProgress = (worker, message) => {
    latest.set(worker, message.counters);
    windows.set(worker, LatencyHistogram.fromSparse(message.window));
  };
  const timer = setInterval(() => {
    const total = (key: keyof ChatCounters): number => [...latest.values()].reduce((n, c) => n + c[key], 0);
    const window = new LatencyHistogram();
    for (const h of windows.values()) window.merge(h);
    const sent = total('sent');
    const server = watch.current();
    const elapsedS = (performance.now() - startedAt) / 1000;
    progress(
      `step ${step.index} ${elapsedS.toFixed(0)}/${step.durationMs / 1000}s | ${(sent - previousSent).toLocaleString('en-US')} msg/s | sent ${sent} acked ${total('acked')} delivered ${total('delivered')} | p99 ${window.percentile(0.99).toFixed(1)} ms | errors ${total('failed') + total('errors')}` +
        (server ? ` | server ${server.cpuPct}% ${Math.round(server.rssBytes / 1048576)} MB` : ''),
    );
    previousSent = sent;
  }, 1000);
  let replies: Awaited<ReturnType<typeof session.pool.all<'chatDone'>>>;
  try {
    replies = await session.pool.all({ type: 'chat', step }, 'chatDone');
  } finally {
    clearInterval(timer);
    session.pool.onProgress = () => undefined;
  }
  const results = replies.map((reply) => reply.result);
  const after = await commitSnapshot(session);
  const elapsedS = Math.max(...results.map((r) => r.elapsedMs)) / 1000;
  const conflicts = after.conflicts === undefined ? undefined : after.conflicts - (before.conflicts ?? 0);
  const commits = after.batch && after.seconds ? commitFigures(diffHistogram(before.batch, after.batch), diffHistogram(before.seconds, after.seconds), elapsedS, conflicts) : undefined;
  const stalls = stallFigures(results, before.gc && after.gc ? { before: before.gc, after: after.gc } : undefined, after.loopMaxS);
  return summarizeStep({ step, target: session.target, nodes: session.httpBases.length, users: session.users.length, results, server: serverFigures(watch.stop()), roles: roles.stop(), commits, stalls, p99LimitMs: options.p99LimitMs });
}

function chatStep(options: BenchOptions, index: number, ratePerUser: number, isReconnect = false): ChatStep {
  const durationMs = options.durationS * 1000;
  return {
    index,
    ratePerUser,
    durationMs,
    drainMs: options.drainS * 1000,
    contentBytes: options.contentBytes,
    maxMessagesPerUser: Math.floor(MAX_MESSAGES / options.users),
    // Drop a third of the way in, so the reconnect happens under steady load with time left to resync.
    ...(isReconnect ? { drop: { atMs: Math.round(durationMs / 3), fraction: options.dropPercent / 100 } } : {}),
  };
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * chat at one rate, or with --max: double the per-user rate while the step stays within the limit
 * (p99 send→delivery, 100 % delivery, client on schedule), then bisect between the last pass and the
 * first failure. Returns every step and the best passing one.
 */
export async function runChat(session: Session, options: BenchOptions, log: Log, progress: ProgressLine): Promise<{ steps: StepSummary[]; best: StepSummary | undefined }> {
  const steps: StepSummary[] = [];
  await warmUp(session, options, log, progress);
  const run = async (rate: number): Promise<StepSummary> => {
    if (steps.length > 0) await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_STEPS_MS));
    const summary = await runChatStep(session, options, chatStep(options, steps.length + 1, rate), progress);
    steps.push(summary);
    log(`step ${summary.step} [${session.target}]: ${summary.targetRate.toLocaleString('en-US')} msg/s → p99 delivery ${summary.latencyMs.delivery.p99} ms, delivery ${summary.deliveryPct} %: ${summary.verdict}`);
    return summary;
  };
  if (!options.isMax) {
    const only = await run(options.ratePerUser);
    return { steps, best: only.isPass ? only : undefined };
  }
  let best: StepSummary | undefined;
  let failedRate: number | undefined;
  let rate = Math.min(options.ratePerUser, MAX_RATE_PER_USER);
  for (let i = 0; i < MAX_SEARCH_STEPS; i++) {
    const summary = await run(round2(rate));
    if (summary.isPass) {
      if (!best || summary.ratePerUser > best.ratePerUser) best = summary;
      if (failedRate === undefined) {
        if (rate >= MAX_RATE_PER_USER) break;
        rate = Math.min(MAX_RATE_PER_USER, rate * 2);
        continue;
      }
    } else {
      failedRate = failedRate === undefined ? rate : Math.min(failedRate, rate);
    }
    if (!best) {
      rate /= 2;
      // Below ~10 msg/s in all there is nothing left to find: the server fails even when idle.
      if (rate * options.users < 10) break;
      continue;
    }
    if (failedRate !== undefined && failedRate / best.ratePerUser <= SEARCH_PRECISION) break;
    rate = (best.ratePerUser + (failedRate ?? best.ratePerUser * 2)) / 2;
  }
  return { steps, best };
}

/**
 * A short unreported step at a low rate first: a user's first message makes the server load its inbox
 * seq, receipts and caches, and the JIT is cold; neither belongs in a steady-state figure.
 */
async function warmUp(session: Session, options: BenchOptions, log: Log, progress: ProgressLine): Promise<void> {
  if (session.target !== 'glide' || options.warmUpS === 0) return;
  const step = { ...chatStep(options, 0, Math.min(1, options.ratePerUser)), durationMs: options.warmUpS * 1000 };
  const summary = await runChatStep(session, options, step, progress);
  log(`warm-up: ${summary.sent} messages, ${summary.deliveryPct} % delivered (not reported)`);
  await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_STEPS_MS));
}

export async function runReconnect(session: Session, options: BenchOptions, log: Log, progress: ProgressLine): Promise<StepSummary> {
  await warmUp(session, options, log, progress);
  const summary = await runChatStep(session, options, chatStep(options, 1, options.ratePerUser, true), progress);
  log(`reconnect: dropped ${summary.reconnect?.dropped ?? 0}, resynced ${summary.reconnect?.resynced ?? 0}, lost ${summary.lost}`);
  return summary;
}

export interface HoldFigures {
  holdS: number;
  /** Held this long before the server was weighed (HOLD_SETTLE_MS). */
  settleS: number;
  alive: number;
  closed: number;
  /** Signed in, then closed before the hold began. */
  lostBefore: number;
  /** Closes before and during the hold by reason. */
  lostReasons: Record<string, number>;
  heartbeats: number;
  server:
    | {
        baselineRssMB: number;
        heldRssMB: number;
        rssPerConnectionKB: number;
        /** The nodes with no client (before connecting); null when not sampled. */
        idleCpuPct: number | null;
        cpuPct: number;
        /** (CPU while holding − idle CPU) per held connection: µs of CPU per connection per second. */
        cpuUsPerConnectionS: number | null;
      }
    | undefined;
  clientCpuPct: number;
}

/** connect: the connections are open (Session.connect); hold them idle with heartbeats and weigh the server. */
/** The servers before any client: RSS, and CPU % when it was sampled. */
export interface ServerBaseline {
  rssBytes: number;
  cpuPct: number | undefined;
}

/**
 * The hold is weighed from this long after the last sign-in: the storm's garbage is collected in the seconds after it
 * (V8's memory reducer runs full GCs ~8 s after allocation drops), which is connecting's cost, not holding's.
 * Closes and heartbeats count from the start.
 */
export const HOLD_SETTLE_MS = 15_000;

export async function runHold(session: Session, options: BenchOptions, baseline: ServerBaseline | undefined, connect: ConnectFigures, progress: ProgressLine): Promise<HoldFigures> {
  const settleMs = session.pids.length === 0 ? 0 : HOLD_SETTLE_MS;
  let watch: ProcWatch | undefined;
  const settled = setTimeout(() => (watch = new ProcWatch(session.pids)), settleMs);
  const startedAt = performance.now();
  const timer = setInterval(() => {
    const server = watch?.current();
    const elapsedS = (performance.now() - startedAt - settleMs) / 1000;
    const phase = elapsedS < 0 ? `settling ${(-elapsedS).toFixed(0)}s` : `${elapsedS.toFixed(0)}/${options.durationS}s`;
    progress(`holding ${connect.opened} connections ${phase}` + (server ? ` | server ${server.cpuPct}% ${Math.round(server.rssBytes / 1048576)} MB` : ''));
  }, 1000);
  const replies = await session.pool.all({ type: 'hold', durationMs: settleMs + options.durationS * 1000 }, 'held');
  clearTimeout(settled);
  clearInterval(timer);
  const stats = watch?.stop();
  const results = replies.map((r) => r.result);
  const alive = results.reduce((n, r) => n + r.alive, 0);
  return {
    holdS: options.durationS,
    settleS: settleMs / 1000,
    alive,
    closed: results.reduce((n, r) => n + r.closed, 0),
    heartbeats: results.reduce((n, r) => n + r.heartbeats, 0),
    lostBefore: results.reduce((n, r) => n + r.lostBefore, 0),
    lostReasons: mergeCounts(results.map((r) => r.lostReasons)),
    server: stats && baseline ? holdServer(stats, baseline, connect.opened, alive) : undefined,
    clientCpuPct: Math.round((results.reduce((n, r) => n + r.cpuMicros, 0) / 1e6 / (options.durationS + settleMs / 1000)) * 1000) / 10,
  };
}

function holdServer(stats: { peakRssBytes: number; cpuPct: number }, baseline: ServerBaseline, opened: number, alive: number): NonNullable<HoldFigures['server']> {
  const mb = (bytes: number): number => Math.round(bytes / 1024 / 102.4) / 10;
  const idle = baseline.cpuPct ?? null;
  return {
    baselineRssMB: mb(baseline.rssBytes),
    heldRssMB: mb(stats.peakRssBytes),
    rssPerConnectionKB: opened === 0 ? 0 : Math.round((stats.peakRssBytes - baseline.rssBytes) / opened / 102.4) / 10,
    idleCpuPct: idle,
    cpuPct: stats.cpuPct,
    // cpuPct % of a core = cpuPct × 10,000 µs per second.
    cpuUsPerConnectionS: idle === null || alive === 0 ? null : Math.round(((stats.cpuPct - idle) * 10_000 * 10) / alive) / 10,
  };
}
