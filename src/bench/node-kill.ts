/**
 * connect --kill-one: with every connection held, one node is SIGKILLed while a trickle of chat runs
 * between pairs on different nodes. Its clients reconnect to the others with the SDK's jittered backoff
 * (a failed attempt moves to the next node); the nodes' accept rate spreads the storm. Reported: the
 * time from the kill until the last client is signed in again, and whether every acked message was
 * delivered exactly once.
 */
import { LatencyHistogram, type LatencySummary } from './histogram.js';
import { MAX_MESSAGES, type BenchOptions } from './options.js';
import { AcceptQueueWatch, groupMeans, MachineCpuWatch, tcpCounters, tcpGrowth, type TcpCounters } from './machine-stats.js';
import { countsByLabel, countsGrowth, maxGauge, openFilesLimitOf, ProcWatch, scrapeAll } from './proc-stats.js';
import { summarizeSplits, type ReconnectSplitSummary } from './reconnect-split.js';
import { benchRoles, RoleWatch } from './role-stats.js';
import { countsCell, mergeCounts } from './report.js';
import type { Session } from './session.js';
import type { ChatCounters, ChatStep, ChatStepResult } from './types.js';

/** Pairs that send: 100 pairs at 1 msg/s each is 200 msg/s, a trickle next to 100,000 idle connections. */
const TRICKLE_PAIRS = 100;
/** The kill comes after the trickle has run a while, so messages are in flight when it happens. */
const KILL_AT_MS = 5_000;
/** Sending goes on this long in all; the reconnect target is 30 s after the kill. */
const STEP_MS = 40_000;
/** After sending stops: time left for the last reconnects, resends and syncs. */
const DRAIN_MS = 30_000;
/** Distinct from the chat steps' indexes, so cliMids never collide with an earlier step's. */
const STEP_INDEX = 90;
/** Files a node keeps for its pool, NATS, logs and listeners (src/gateway/open-files.ts RESERVED_FILES). */
const NODE_OWN_FILES = 512;

export interface KillFigures {
  nodes: number;
  killedNode: number;
  killedPid: number;
  /** Clients whose connection was on the killed node (round-robin placement). */
  clientsOnKilled: number;
  lostConnections: number;
  /** Those losses by reason: the killed node's (1006, resets) and any other. */
  lostReasons: Record<string, number>;
  failedAttempts: Record<string, number>;
  /** Connections reopened (each lost one, once). */
  reconnected: number;
  /** Clients signed in when the step ended, of all users. */
  online: number;
  users: number;
  /** Kill → the last client signed in again; null when not all came back. */
  allBackS: number | null;
  /** Loss detected → signed in again, per reconnected client. */
  reconnectMs: LatencySummary;
  /** The attempt that succeeded: TCP connect → upgraded (a wait for the worker's turn not included), upgraded → signed in. */
  upgradeMs: LatencySummary;
  signinMs: LatencySummary;
  /** The rest of loss → signed in: asleep, waiting for the worker's turn, failed attempts; and kill → loss noticed. */
  split: ReconnectSplitSummary;
  sent: number;
  acked: number;
  delivered: number;
  lost: number;
  /** Of `lost`: to receivers not back when the step ended. */
  lostToOffline: number;
  /** Of `lost` to receivers back at the end: never disconnected, and back only in the last 10 s. */
  lostToBack: { neverLost: number; late: number };
  duplicated: number;
  outOfOrder: number;
  /** Of `outOfOrder` and beyond: stored under seqs that contradict the send order (what an SDK, ordering by seq, would show). */
  storedOutOfOrder: number;
  unacked: number;
  /** False when the drain ran out first: lost and unacked then include messages still in flight. */
  isDrained: boolean;
  /** The worst bench worker's event-loop delay in the step, ms. */
  clientLoopMaxMs: number;
  /** The surviving nodes from the kill to the end of the step. */
  survivors: { cpuPct: number; rssMB: number } | undefined;
  /** CPU seconds from the kill to the end of the step: the survivors, NATS, PostgreSQL; the bench workers over the whole step. */
  cpuSec: { survivors: number; nats: number; postgres: number; workers: number } | undefined;
  /** The survivors' own counts from the kill to the end of the step (their /metrics): which limit refused, why they closed connections. */
  served: ServedCounts;
  /** The kernel's TCP counters from the kill to the end of the step (machine-wide): accept-queue overflows, SYNs sent again. */
  kernelTcp: TcpCounters | undefined;
  /** Busy cores of the whole machine, and connections in the survivors' accept queues, per second from the kill. */
  machineBusyCores: number[];
  acceptQueued: number[];
}

/** Counted by the surviving nodes themselves, summed over them. */
export interface ServedCounts {
  /** Upgrades refused at admission, by limit (max_connections, node_rate, …). */
  refused: Record<string, number>;
  /** Connections the servers closed, by reason (auth timeout, heartbeat, kicked, …). */
  disconnects: Record<string, number>;
  /** The survivors' longest event-loop delay since the previous scrape, s (a late loop reads upgrade headers late: HTTP 408). */
  loopMaxS: number | undefined;
}

async function servedCounts(httpBases: readonly string[]): Promise<ServedCounts> {
  const texts = await scrapeAll(httpBases);
  return {
    refused: countsByLabel(texts, 'glide_gateway_refused_total', 'reason'),
    disconnects: countsByLabel(texts, 'glide_gateway_disconnects_total', 'reason'),
    loopMaxS: maxGauge(texts, 'glide_nodejs_eventloop_lag_max_seconds'),
  };
}

export async function runNodeKill(session: Session, options: BenchOptions, log: (line: string) => void, progress: (line: string) => void): Promise<KillFigures> {
  const victimIndex = session.servers.length - 1;
  const victim = session.servers[victimIndex];
  if (!victim || session.servers.length < 2) throw new Error('--kill-one needs at least two spawned nodes');
  const users = session.users.length;
  // Each node keeps its connections under its open-files limit less the files it needs itself (the gateway's RESERVED_FILES).
  const perSurvivor = Math.ceil(users / (session.servers.length - 1));
  const room = (openFilesLimitOf(victim.pid) ?? Number.MAX_SAFE_INTEGER) - NODE_OWN_FILES;
  if (perSurvivor > room) log(`warning: after the kill each of ${session.servers.length - 1} nodes must hold ${perSurvivor} connections, above the ${room} its open-files limit allows: not all clients can come back (use more --nodes)`);
  const step: ChatStep = {
    index: STEP_INDEX,
    ratePerUser: 1,
    durationMs: STEP_MS,
    drainMs: DRAIN_MS,
    contentBytes: options.contentBytes,
    maxMessagesPerUser: Math.floor(MAX_MESSAGES / users),
    senderEvery: Math.max(1, Math.round(users / 2 / TRICKLE_PAIRS)),
    isReopening: true,
  };
  let killedAt = 0;
  let survivors: ProcWatch | undefined;
  let roles: RoleWatch | undefined;
  const survivorBases = session.httpBases.filter((_, i) => i !== victimIndex);
  let servedBefore: Promise<ServedCounts> | undefined;
  let tcpBefore: TcpCounters | undefined;
  let machine: MachineCpuWatch | undefined;
  let queues: AcceptQueueWatch | undefined;
  const killTimer = setTimeout(() => {
    servedBefore = servedCounts(survivorBases);
    tcpBefore = tcpCounters();
    machine = new MachineCpuWatch();
    queues = new AcceptQueueWatch(survivorBases.map((base) => Number(new URL(base).port)));
    killedAt = Date.now();
    log(`SIGKILL node ${victimIndex + 1} (pid ${victim.pid}) holding about ${Math.ceil((users - victimIndex) / session.servers.length)} connections`);
    void victim.kill().then(() => {
      const survivorPids = session.pids.filter((pid) => pid !== victim.pid);
      survivors = new ProcWatch(survivorPids);
      roles = new RoleWatch(benchRoles({ nodePids: survivorPids, clusterUrl: options.clusterUrl, db: options.db }));
    });
  }, KILL_AT_MS);
  const latest = new Map<number, { counters: ChatCounters; connections: number }>();
  const startedAt = performance.now();
  session.pool.onProgress = (worker, message) => latest.set(worker, { counters: message.counters, connections: message.connections });
  const timer = setInterval(() => {
    const sum = (pick: (v: { counters: ChatCounters; connections: number }) => number): number => [...latest.values()].reduce((n, v) => n + pick(v), 0);
    progress(`kill-one ${((performance.now() - startedAt) / 1000).toFixed(0)}s | online ${sum((v) => v.connections)}/${users} | sent ${sum((v) => v.counters.sent)} acked ${sum((v) => v.counters.acked)} delivered ${sum((v) => v.counters.delivered)}`);
  }, 1000);
  let results: ChatStepResult[];
  try {
    results = (await session.pool.all({ type: 'chat', step }, 'chatDone')).map((reply) => reply.result);
  } finally {
    clearTimeout(killTimer);
    clearInterval(timer);
    session.pool.onProgress = () => undefined;
  }
  const tcpAfter = tcpCounters();
  const machineBusyCores = machine?.stop() ?? [];
  const acceptQueued = queues?.stop() ?? [];
  const stats = survivors?.stop();
  const roleCpu = roles?.stop();
  const roleSec = (pick: (name: string) => boolean): number => (roleCpu ?? []).filter((r) => pick(r.name)).reduce((n, r) => n + r.cpuSec, 0);
  const [before, after] = await Promise.all([servedBefore, servedCounts(survivorBases)]);
  const served = { refused: countsGrowth(before?.refused ?? {}, after.refused), disconnects: countsGrowth(before?.disconnects ?? {}, after.disconnects), loopMaxS: after.loopMaxS };
  const total = (pick: (r: ChatStepResult) => number): number => results.reduce((n, r) => n + pick(r), 0);
  const reconnect = new LatencyHistogram();
  const upgrade = new LatencyHistogram();
  const signin = new LatencyHistogram();
  for (const r of results) {
    reconnect.merge(LatencyHistogram.fromSparse(r.reconnect));
    upgrade.merge(LatencyHistogram.fromSparse(r.reconnectUpgrade));
    signin.merge(LatencyHistogram.fromSparse(r.reconnectSignin));
  }
  const online = total((r) => r.online);
  const lastBack = Math.max(...results.map((r) => r.lastReconnectAt));
  return {
    nodes: session.servers.length,
    killedNode: victimIndex + 1,
    killedPid: victim.pid,
    clientsOnKilled: Math.ceil((users - victimIndex) / session.servers.length),
    lostConnections: total((r) => r.lostConnections),
    lostReasons: mergeCounts(results.map((r) => r.lostReasons)),
    failedAttempts: mergeCounts(results.map((r) => r.failedAttempts)),
    reconnected: reconnect.count,
    online,
    users,
    allBackS: online === users && killedAt > 0 ? Math.round((Math.max(lastBack, killedAt) - killedAt) / 100) / 10 : null,
    reconnectMs: reconnect.summary(),
    upgradeMs: upgrade.summary(),
    signinMs: signin.summary(),
    split: summarizeSplits(results.map((r) => r.reconnectSplit), killedAt),
    sent: total((r) => r.sent),
    acked: total((r) => r.acked),
    delivered: total((r) => r.delivered),
    lost: total((r) => r.lost),
    lostToOffline: total((r) => r.lostToOffline),
    lostToBack: { neverLost: total((r) => r.lostToBack.neverLost), late: total((r) => r.lostToBack.late) },
    storedOutOfOrder: total((r) => r.storedOutOfOrder),
    duplicated: total((r) => r.duplicated),
    outOfOrder: total((r) => r.outOfOrder),
    unacked: total((r) => r.unacked),
    isDrained: results.every((r) => r.isDrained),
    survivors: stats ? { cpuPct: stats.cpuPct, rssMB: Math.round(stats.peakRssBytes / 1024 / 102.4) / 10 } : undefined,
    served,
    kernelTcp: tcpBefore && tcpAfter && tcpGrowth(tcpBefore, tcpAfter),
    machineBusyCores,
    acceptQueued,
    cpuSec: roleCpu && { survivors: roleSec((name) => name.startsWith('node')), nats: roleSec((name) => name === 'NATS'), postgres: roleSec((name) => name === 'PostgreSQL'), workers: total((r) => r.cpuMicros) / 1e6 },
    clientLoopMaxMs: Math.max(0, ...results.map((r) => r.loopDelayMs.max)),
  };
}

const pair = (s: LatencySummary): string => `${s.p50} / ${s.p99}`;

/** Where the machine's CPU went in the storm: on two shared cores, the all-back time is bounded by the sum. */
function cpuCell(kill: KillFigures): string {
  const cpu = kill.cpuSec;
  if (!cpu) return '–';
  const parts = [cpu.survivors, cpu.nats, cpu.postgres, cpu.workers];
  const per = (sec: number): string => (kill.reconnected === 0 ? '–' : ((sec * 1000) / kill.reconnected).toFixed(2));
  return `${parts.map((sec) => sec.toFixed(1)).join(' / ')}; ${parts.map(per).join(' / ')}`;
}

/** Seconds per figure in the storm's shape row. */
const SHAPE_SECONDS = 5;

/** The storm's shape: clients back and busy cores per SHAPE_SECONDS; a storm that waits shows idle cores while clients are still out. */
function stormShape(kill: KillFigures): string {
  const back = kill.split.backPerSecond;
  const sums: number[] = [];
  for (let i = 0; i < back.length; i += SHAPE_SECONDS) sums.push(back.slice(i, i + SHAPE_SECONDS).reduce((n, v) => n + v, 0));
  const means = (values: readonly number[], digits: number): string => groupMeans(values, SHAPE_SECONDS).slice(0, Math.max(sums.length, 1)).map((v) => v.toFixed(digits)).join(' ') || '–';
  return `${sums.join(' ') || '–'} / ${means(kill.machineBusyCores, 2)} / ${means(kill.acceptQueued, 0)}`;
}

/** The Markdown rows of a kill run. */
export function killRows(kill: KillFigures): string[] {
  return [
    `| kill-one: node killed (of ${kill.nodes}), its clients | node ${kill.killedNode} (pid ${kill.killedPid}), ${kill.clientsOnKilled} |`,
    `| connections lost / reconnected / online at the end | ${kill.lostConnections} / ${kill.reconnected} / ${kill.online} of ${kill.users} |`,
    `| connections lost by reason | ${countsCell(kill.lostReasons)} |`,
    `| reconnect attempts that failed, by error | ${countsCell(kill.failedAttempts)} |`,
    `| surviving nodes: upgrades refused, by limit / connections they closed, by reason | ${countsCell(kill.served.refused)} / ${countsCell(kill.served.disconnects)} |`,
    `| event-loop delay max: surviving nodes / bench workers (the worst) ms | ${kill.served.loopMaxS === undefined ? '–' : Math.round(kill.served.loopMaxS * 1000)} / ${kill.clientLoopMaxMs} |`,
    `| **kill → all clients back on the others** | ${kill.allBackS === null ? 'not all back' : `${kill.allBackS} s`} |`,
    `| loss → signed in again ms p50/p99/max | ${kill.reconnectMs.p50} / ${kill.reconnectMs.p99} / ${kill.reconnectMs.max} |`,
    `| the attempt that succeeded: upgrade / sign-in ms p50/p99 | ${kill.upgradeMs.p50} / ${kill.upgradeMs.p99}, ${kill.signinMs.p50} / ${kill.signinMs.p99} |`,
    `| before it, per client: asleep (backoff, told waits) / waiting for the worker's upgrade turn / in failed attempts ms p50/p99 | ${pair(kill.split.slept)}, ${pair(kill.split.turn)}, ${pair(kill.split.failed)} |`,
    `| of that upgrade: until the worker saw TCP connected / connected → 101 (the node's accept queue, its upgrade, the worker's read) ms p50/p99 | ${pair(kill.split.connect)}, ${pair(kill.split.connectedTo101)} |`,
    `| kernel TCP, kill → end (whole machine): accept-queue overflows / listen drops / SYNs sent again / retransmission timeouts | ${kill.kernelTcp ? Object.values(kill.kernelTcp).join(' / ') : '–'} |`,
    `| per ${SHAPE_SECONDS} s from the kill: clients back / busy cores of the machine (all processes) / connections in the survivors' accept queues (mean) | ${stormShape(kill)} |`,
    `| attempts per client p50/p99/max; kill → loss noticed by the workers, first / last ms | ${Math.round(kill.split.attempts.p50)} / ${Math.round(kill.split.attempts.p99)} / ${Math.round(kill.split.attempts.max)}; ${kill.split.noticedMs ? `${kill.split.noticedMs.first} / ${kill.split.noticedMs.last}` : '–'} |`,
    `| trickle messages sent / acked / delivered | ${kill.sent} / ${kill.acked} / ${kill.delivered} |`,
    `| **lost (acked, never delivered) / duplicated / out of order / unacked** | ${kill.lost} / ${kill.duplicated} / ${kill.outOfOrder} / ${kill.unacked}${kill.isDrained ? '' : ` (drain of ${DRAIN_MS / 1000} s ran out: includes messages still in flight)`} |`,
    `| lost to receivers not back at the end / out of order in the store (inbox seqs against send order) | ${kill.lostToOffline} / ${kill.storedOutOfOrder} |`,
    `| lost to receivers back at the end: never disconnected / back in the last 10 s / back earlier | ${kill.lostToBack.neverLost} / ${kill.lostToBack.late} / ${kill.lost - kill.lostToOffline - kill.lostToBack.neverLost - kill.lostToBack.late} |`,
    `| surviving nodes after the kill: CPU / peak RSS | ${kill.survivors ? `${kill.survivors.cpuPct} % / ${kill.survivors.rssMB} MB` : '–'} |`,
    `| CPU s after the kill: survivors / NATS / PostgreSQL / bench workers (whole step); per reconnected client ms | ${cpuCell(kill)} |`,
  ];
}
