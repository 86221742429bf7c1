/** The group workload's coordinator side: make the groups, run the step, join the workers' figures. */
import { LatencyHistogram, type LatencySummary } from './histogram.js';
import { MAX_MESSAGES, type BenchOptions } from './options.js';
import { bucketCounts, diffHistogram, ProcWatch, scrapeAll, summedHistogram } from './proc-stats.js';
import { cpuCell, cpuPerItem, serverFigures, type CpuPerItem, type ServerFigures } from './report.js';
import type { Session } from './session.js';
import type { BenchUser, GroupMembership, GroupStep } from './types.js';
import type { Log, ProgressLine } from './workloads.js';

/** group/create and group/members/invite take at most this many uids per call. */
const MEMBERS_PER_CALL = 500;

export interface GroupSummary {
  /** Glide nodes the members were spread over. */
  nodes: number;
  groups: number;
  members: number;
  ratePerSender: number;
  /** Group messages per second asked for (groups × rate) and member deliveries per second achieved. */
  messageRate: number;
  deliveriesPerSecond: number;
  durationS: number;
  sent: number;
  acked: number;
  delivered: number;
  expected: number;
  deliveryPct: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  failed: number;
  errors: number;
  latencyMs: { ack: LatencySummary; delivery: LatencySummary; lastMember: LatencySummary };
  /** Messages that did not reach every member (no send→last-member figure for them). */
  incomplete: number;
  server: ServerFigures | undefined;
  clientCpuPct: number;
  /** CPU time per member delivery (its ack included), µs. */
  cpuUsPerDelivery: CpuPerItem;
  commitBatchBuckets: Record<string, number> | undefined;
}

async function call(httpBase: string, path: string, token: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${httpBase}/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const reply = (await res.json()) as { Code?: number; Msg?: string; Data?: unknown };
  if (reply.Code !== 100) throw new Error(`${path} failed: ${reply.Code ?? res.status} ${reply.Msg ?? ''}`);
  return reply.Data;
}

/** Groups of `members` consecutive users; the first of each owns it and is its sender. */
export async function createGroups(session: Session, options: BenchOptions, log: Log): Promise<Map<number, GroupMembership>> {
  const memberships = new Map<number, GroupMembership>();
  if (session.target === 'relay') {
    // The relay's groups are set when each socket connects (relayUsers): nothing to create.
    session.users.forEach((user, i) => memberships.set(user.uid, { gid: user.relayGid!, group: user.relayGid! - 1, isSender: i % options.members === 0 }));
    return memberships;
  }
  for (let group = 0; group < options.groups; group++) {
    const users: BenchUser[] = session.users.slice(group * options.members, (group + 1) * options.members);
    const [owner, ...others] = users;
    if (!owner) break;
    const uids = others.map((u) => u.uid);
    const created = (await call(session.httpBase, 'group/create', owner.token, { Name: `bench ${group}`, Member: uids.slice(0, MEMBERS_PER_CALL) })) as { Gid: number };
    for (let i = MEMBERS_PER_CALL; i < uids.length; i += MEMBERS_PER_CALL) {
      await call(session.httpBase, 'group/members/invite', owner.token, { Gid: created.Gid, Uid: uids.slice(i, i + MEMBERS_PER_CALL) });
    }
    users.forEach((user, i) => memberships.set(user.uid, { gid: created.Gid, group, isSender: i === 0 }));
  }
  log(`created ${options.groups} groups of ${options.members} members`);
  return memberships;
}

export async function runGroup(session: Session, options: BenchOptions, memberships: Map<number, GroupMembership>, progress: ProgressLine): Promise<GroupSummary> {
  const before = await scrapeAll(session.httpBases);
  const watch = new ProcWatch(session.pids);
  const messagesPerSender = Math.min(Math.floor(MAX_MESSAGES / options.groups), Math.max(1, Math.round(options.ratePerUser * options.durationS)));
  const step = (worker: number): GroupStep => ({
    index: 1,
    ratePerSender: options.ratePerUser,
    durationMs: options.durationS * 1000,
    drainMs: options.drainS * 1000,
    contentBytes: options.contentBytes,
    groups: options.groups,
    messagesPerSender,
    memberships: (session.shares[worker] ?? []).map((user) => memberships.get(user.uid)!),
  });
  const startedAt = performance.now();
  let delivered = 0;
  const latest = new Map<number, number>();
  session.pool.onProgress = (worker, message) => latest.set(worker, message.counters.delivered);
  const timer = setInterval(() => {
    const now = [...latest.values()].reduce((a, b) => a + b, 0);
    const server = watch.current();
    progress(`group ${((performance.now() - startedAt) / 1000).toFixed(0)}/${options.durationS}s | ${(now - delivered).toLocaleString('en-US')} deliveries/s | delivered ${now}` + (server ? ` | server ${server.cpuPct}% ${Math.round(server.rssBytes / 1048576)} MB` : ''));
    delivered = now;
  }, 1000);
  let replies: Awaited<ReturnType<typeof session.pool.all<'groupDone'>>>;
  try {
    replies = await session.pool.all((worker) => ({ type: 'group', step: step(worker) }), 'groupDone');
  } finally {
    clearInterval(timer);
    session.pool.onProgress = () => undefined;
  }
  const results = replies.map((r) => r.result);
  const elapsedS = Math.max(...results.map((r) => r.elapsedMs)) / 1000;
  const sum = (pick: (r: (typeof results)[number]) => number): number => results.reduce((n, r) => n + pick(r), 0);
  const merge = (pick: (r: (typeof results)[number]) => Parameters<typeof LatencyHistogram.fromSparse>[0]): LatencySummary => {
    const h = new LatencyHistogram();
    for (const r of results) h.merge(LatencyHistogram.fromSparse(pick(r)));
    return h.summary();
  };
  // Join each message's reach over the workers: members reached and the latest arrival.
  const reach = new Map<string, { count: number; last: number }>();
  for (const r of results) {
    for (const [group, n, count, last] of r.reach) {
      const key = `${group}.${n}`;
      const seen = reach.get(key);
      if (seen) {
        seen.count += count;
        seen.last = Math.max(seen.last, last);
      } else reach.set(key, { count, last });
    }
  }
  const receivers = options.members - 1;
  const lastMember = new LatencyHistogram();
  let expected = 0;
  let reached = 0;
  let incomplete = 0;
  for (const r of results) {
    for (const [group, n, sentAt, acked] of r.sends) {
      const seen = reach.get(`${group}.${n}`);
      if (acked) expected += receivers;
      if (acked) reached += Math.min(receivers, seen?.count ?? 0);
      if (seen && seen.count >= receivers) lastMember.record(seen.last - sentAt);
      else incomplete++;
    }
  }
  // Each group's messages are committed by its owner node: the batches of all nodes together.
  const batchAfter = summedHistogram(await scrapeAll(session.httpBases), 'glide_group_commit_batch_size');
  const batchBefore = summedHistogram(before, 'glide_group_commit_batch_size');
  const totalDelivered = sum((r) => r.delivered);
  const server = serverFigures(watch.stop());
  return {
    nodes: session.httpBases.length,
    groups: options.groups,
    members: options.members,
    ratePerSender: options.ratePerUser,
    messageRate: options.groups * options.ratePerUser,
    deliveriesPerSecond: Math.round(totalDelivered / elapsedS),
    durationS: options.durationS,
    sent: sum((r) => r.sent),
    acked: sum((r) => r.acked),
    delivered: totalDelivered,
    expected,
    deliveryPct: expected === 0 ? 0 : Math.floor((reached / expected) * 100_000) / 1000,
    lost: expected - reached,
    duplicated: sum((r) => r.duplicated),
    outOfOrder: sum((r) => r.outOfOrder),
    failed: sum((r) => r.failed),
    errors: sum((r) => r.errors),
    latencyMs: { ack: merge((r) => r.ack), delivery: merge((r) => r.delivery), lastMember: lastMember.summary() },
    incomplete,
    server,
    clientCpuPct: Math.round((sum((r) => r.cpuMicros) / 1e6 / elapsedS) * 1000) / 10,
    cpuUsPerDelivery: cpuPerItem(server?.cpuSec, sum((r) => r.cpuMicros), totalDelivered),
    commitBatchBuckets: batchAfter ? bucketCounts(diffHistogram(batchBefore, batchAfter)) : undefined,
  };
}

const lat = (s: LatencySummary): string => (s.count === 0 ? '–' : `${s.p50} / ${s.p90} / ${s.p99} / ${s.p999} / ${s.max}`);

export function groupTable(s: GroupSummary): string {
  const rows: [string, string][] = [
    ['target', `${s.groups} groups × ${s.members} members${s.nodes > 1 ? ` spread over ${s.nodes} nodes` : ''}, 1 sender each at ${s.ratePerSender} msg/s = ${s.messageRate} msg/s for ${s.durationS} s`],
    ['fan-out deliveries/s', s.deliveriesPerSecond.toLocaleString('en-US')],
    ['sent / acked / member deliveries (expected)', `${s.sent} / ${s.acked} / ${s.delivered} (${s.expected})`],
    ['delivery', `${s.deliveryPct} %`],
    ['lost / duplicated / out-of-order / refused / errors', `${s.lost} / ${s.duplicated} / ${s.outOfOrder} / ${s.failed} / ${s.errors}`],
    ['send→ack ms p50/p90/p99/p999/max', lat(s.latencyMs.ack)],
    ['send→member ms p50/p90/p99/p999/max', lat(s.latencyMs.delivery)],
    ['send→last member ms p50/p90/p99/p999/max', `${lat(s.latencyMs.lastMember)}${s.incomplete > 0 ? ` (${s.incomplete} messages reached not every member)` : ''}`],
    [`server CPU / run-queue wait / RSS (peak)${s.nodes > 1 ? `, sum of ${s.nodes} nodes (wait: mean)` : ''}`, s.server ? `${s.server.cpuPct} % / ${s.server.runQueueWaitPct} % / ${s.server.rssMB} MB (${s.server.peakRssMB} MB)` : 'not measured (no local PID)'],
    ['client CPU (all workers)', `${s.clientCpuPct} %`],
    ['CPU µs per member delivery (ack included): server / client', cpuCell(s.cpuUsPerDelivery)],
  ];
  if (s.commitBatchBuckets) rows.push(['group commit batch sizes', Object.entries(s.commitBatchBuckets).filter(([, n]) => n > 0).map(([le, n]) => `${le}:${n}`).join(' ') || '–']);
  return ['| figure | value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}
