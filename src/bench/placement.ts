/**
 * Where each user goes: to which worker process (pairs stay together, so both ends share a clock) and
 * to which node (round-robin, so with several nodes the two users of a pair are always on different
 * ones and every message crosses the cluster).
 */
import type { BenchOptions } from './options.js';
import type { BenchTarget, BenchUser, WorkerPlan } from './types.js';

/** Connections a worker opens at once, at most: keeps the server's accept queue and our memory sane. */
const CONNECT_CONCURRENCY = 200;
/** Upgrades a worker runs at once: enough for a dead node's clients to come back within 30 s at ~1 s an upgrade, few enough that starting them is no stall. */
const UPGRADE_CONCURRENCY = 500;

/**
 * The node of the user at `position` in worker `worker`'s share: round-robin within each worker, so every
 * node's users are spread over all the workers. Partners sit side by side (positions 2j, 2j+1), so they are
 * on two different nodes whenever nodes > 1. (Round-robin over the global index put all of one node's users
 * in the same few workers: at 7 nodes and 7 workers, node 7's 14,285 in 2 of them, whose upgrade bound then
 * paced the whole reconnect storm after a kill.)
 */
export function nodeAt(position: number, worker: number, nodes: number): number {
  return (position + worker) % nodes;
}

/** Pairs (2k, 2k+1) go to worker k mod W; each user connects to node nodeAt(its position, its worker) of `httpBases`. */
export function workerPlans(
  options: Pick<BenchOptions, 'workers' | 'sources' | 'codec' | 'connectRate' | 'heartbeatS'>,
  target: BenchTarget,
  httpBases: readonly string[],
  users: readonly BenchUser[],
): WorkerPlan[] {
  const workers = Math.max(1, Math.min(options.workers, Math.floor(users.length / 2)));
  const shares: WorkerPlan['users'][] = Array.from({ length: workers }, () => []);
  users.forEach((user, i) => {
    const worker = Math.floor(i / 2) % workers;
    const share = shares[worker]!;
    share.push({ ...user, node: nodeAt(share.length, worker, httpBases.length) });
  });
  const sourceAddresses = Array.from({ length: options.sources }, (_, i) => `127.0.0.${i + 2}`);
  const runTag = Math.random().toString(36).slice(2, 8);
  return shares.map((share, workerIndex) => ({
    workerIndex,
    wsUrls: httpBases.map((base) => `${base.replace(/^http/, 'ws')}/ws`),
    target,
    codec: options.codec,
    users: share,
    sourceAddresses,
    connectRate: options.connectRate / workers,
    connectConcurrency: CONNECT_CONCURRENCY,
    upgradeConcurrency: UPGRADE_CONCURRENCY,
    heartbeatMs: options.heartbeatS * 1000,
    runTag,
  }));
}
