/**
 * One bench target made ready: the server (given, or spawned), its users, and the worker processes
 * with every connection open and signed in. Workloads run on a session and close it.
 */
import { resolve as resolvePath } from 'node:path';
import { benchUsers } from './accounts.js';
import { LatencyHistogram, type LatencySummary } from './histogram.js';
import type { BenchOptions } from './options.js';
import { spawnGlide, spawnRelay, type LocalServer } from './processes.js';
import { WorkerPool } from './worker-pool.js';
import type { BenchTarget, BenchUser, ConnectResult, WorkerPlan } from './types.js';

/** Connections a worker opens at once, at most: keeps the server's accept queue and our memory sane. */
const CONNECT_CONCURRENCY = 200;

export interface ConnectFigures {
  users: number;
  opened: number;
  failed: number;
  elapsedS: number;
  /** Opened connections per second, sign-in included. */
  connectRate: number;
  signinMs: LatencySummary;
  firstError: string | undefined;
  clientCpuPct: number;
}

export class Session {
  private constructor(
    readonly target: BenchTarget,
    readonly httpBase: string,
    readonly pid: number | undefined,
    readonly users: BenchUser[],
    /** The users of each worker, in the order its plan lists them. */
    readonly shares: BenchUser[][],
    readonly pool: WorkerPool,
    private readonly server: LocalServer | undefined,
  ) {}

  /** Starts or finds the server, provisions users and forks the workers (connections not opened yet). */
  static async open(options: BenchOptions, target: BenchTarget, log: (line: string) => void): Promise<Session> {
    let server: LocalServer | undefined;
    let httpBase: string;
    if (target === 'relay') {
      server = await spawnRelay();
      httpBase = server.httpBase;
    } else if (options.isSpawn) {
      const nodeArgs = options.isProfile ? ['--cpu-prof', `--cpu-prof-dir=${resolvePath(options.outDir, 'profiles')}`] : [];
      server = await spawnGlide({ ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }), nodeArgs });
      httpBase = server.httpBase;
      log(`started glide (pid ${server.pid}) at ${httpBase}${options.dataDir === undefined ? ' on a temp data dir' : ` on ${options.dataDir}`}`);
    } else {
      httpBase = options.url ?? 'http://127.0.0.1:8080';
    }
    try {
      const users = target === 'relay' ? Array.from({ length: options.users }, (_, i) => ({ uid: i + 1, token: '' })) : await glideUsers(options, httpBase, log);
      const workerPlans = plans(options, target, httpBase, users);
      const pool = WorkerPool.start(workerPlans);
      return new Session(target, httpBase, server?.pid ?? options.serverPid, users, workerPlans.map((plan) => plan.users), pool, server);
    } catch (err) {
      await server?.stop();
      throw err;
    }
  }

  /** Opens and signs in every connection at the configured rate. */
  async connect(): Promise<ConnectFigures> {
    const replies = await this.pool.all({ type: 'connect' }, 'connected');
    const results: ConnectResult[] = replies.map((reply) => reply.result);
    const signin = new LatencyHistogram();
    for (const result of results) signin.merge(LatencyHistogram.fromSparse(result.signin));
    const elapsedS = Math.max(...results.map((r) => r.elapsedMs)) / 1000;
    const opened = results.reduce((n, r) => n + r.opened, 0);
    return {
      users: this.users.length,
      opened,
      failed: results.reduce((n, r) => n + r.failed, 0),
      elapsedS: Math.round(elapsedS * 100) / 100,
      connectRate: Math.round(opened / elapsedS),
      signinMs: signin.summary(),
      firstError: results.find((r) => r.firstError !== undefined)?.firstError,
      clientCpuPct: Math.round((results.reduce((n, r) => n + r.cpuMicros, 0) / 1e6 / elapsedS) * 1000) / 10,
    };
  }

  async close(): Promise<void> {
    await this.pool.close();
    await this.server?.stop();
  }
}

async function glideUsers(options: BenchOptions, httpBase: string, log: (line: string) => void): Promise<BenchUser[]> {
  // A temp data dir dies with the run: nothing to cache. Otherwise key by data dir or URL.
  const cacheKey = options.isSpawn ? (options.dataDir === undefined ? undefined : `data:${resolvePath(options.dataDir)}`) : `url:${httpBase}`;
  let last = 0;
  const users = await benchUsers({
    httpBase,
    count: options.users,
    cacheKey: cacheKey ?? '',
    ...(cacheKey === undefined ? {} : { cacheFile: resolvePath(options.outDir, 'accounts.json') }),
    onProgress: (done) => {
      if (done - last >= 500) log(`registered ${(last = done)} users…`);
    },
  });
  return users;
}

/** Pairs (2k, 2k+1) go to worker k mod W, so both ends of a conversation share a clock. */
function plans(options: BenchOptions, target: BenchTarget, httpBase: string, users: BenchUser[]): WorkerPlan[] {
  const workers = Math.max(1, Math.min(options.workers, Math.floor(users.length / 2)));
  const shares: BenchUser[][] = Array.from({ length: workers }, () => []);
  for (let pair = 0; pair * 2 < users.length; pair++) shares[pair % workers]!.push(...users.slice(pair * 2, pair * 2 + 2));
  const sourceAddresses = Array.from({ length: options.sources }, (_, i) => `127.0.0.${i + 2}`);
  const runTag = Math.random().toString(36).slice(2, 8);
  return shares.map((share, workerIndex) => ({
    workerIndex,
    wsUrl: `${httpBase.replace(/^http/, 'ws')}/ws`,
    target,
    codec: options.codec,
    users: share,
    sourceAddresses,
    connectRate: options.connectRate / workers,
    connectConcurrency: CONNECT_CONCURRENCY,
    heartbeatMs: options.heartbeatS * 1000,
    runTag,
  }));
}
