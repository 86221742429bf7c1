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

/** User i's node. Partners are 2k and 2k+1: consecutive, so on two different nodes whenever nodes > 1. */
export function nodeOf(user: number, nodes: number): number {
  return user % nodes;
}

/** Pairs (2k, 2k+1) go to worker k mod W; each user connects to node nodeOf(i) of `httpBases`. */
export function workerPlans(
  options: Pick<BenchOptions, 'workers' | 'sources' | 'codec' | 'connectRate' | 'heartbeatS'>,
  target: BenchTarget,
  httpBases: readonly string[],
  users: readonly BenchUser[],
): WorkerPlan[] {
  const workers = Math.max(1, Math.min(options.workers, Math.floor(users.length / 2)));
  const shares: WorkerPlan['users'][] = Array.from({ length: workers }, () => []);
  users.forEach((user, i) => shares[Math.floor(i / 2) % workers]!.push({ ...user, node: nodeOf(i, httpBases.length) }));
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
