/**
 * One bench target made ready: the server (given, or spawned), its users, and the worker processes
 * with every connection open and signed in. Workloads run on a session and close it.
 */
import { resolve as resolvePath } from 'node:path';
import { benchUsers } from './accounts.js';
import { LatencyHistogram, type LatencySummary } from './histogram.js';
import { redactUrl, type BenchOptions } from './options.js';
import { workerPlans } from './placement.js';
import { spawnGlideNodes } from './cluster-spawn.js';
import { spawnRelay, type LocalServer } from './processes.js';
import { seedBenchUsers } from './seed-accounts.js';
import { WorkerPool } from './worker-pool.js';
import type { BenchTarget, BenchUser, ConnectResult } from './types.js';

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
  /** Server CPU (all nodes) spent while connecting, per connection opened; set by the caller that watched it. */
  serverCpuMsPerSignin?: number;
}

export class Session {
  private constructor(
    readonly target: BenchTarget,
    /** Every node's http://127.0.0.1:<port> (one without a cluster); users connect round-robin. */
    readonly httpBases: string[],
    /** The server processes to weigh (all nodes, summed); empty when not known. */
    readonly pids: number[],
    /** The processes the bench started (empty with --url), so a workload can kill one. */
    readonly servers: LocalServer[],
    readonly users: BenchUser[],
    /** The users of each worker, in the order its plan lists them. */
    readonly shares: BenchUser[][],
    readonly pool: WorkerPool,
    /** Stops what the session started (nothing for servers given by --url). */
    private readonly stopServers: () => Promise<void>,
  ) {}

  /** Node 1: HTTP calls that may go to any node (groups, account checks) go here. */
  get httpBase(): string {
    return this.httpBases[0]!;
  }

  /** Starts or finds the servers, provisions users and forks the workers (connections not opened yet). */
  static async open(options: BenchOptions, target: BenchTarget, log: (line: string) => void): Promise<Session> {
    let servers: LocalServer[] = [];
    let stopServers = (): Promise<void> => Promise.resolve();
    let secret: string | undefined;
    if (target === 'relay') {
      const relay = await spawnRelay();
      servers = [relay];
      stopServers = () => relay.stop();
    } else if (options.isSpawn) {
      // BENCH_SERVER_NODE_ARGS: more node flags for the spawned servers (--trace-gc, --heap-prof, --import of a probe).
      const nodeArgs = [...(options.isProfile ? ['--cpu-prof', `--cpu-prof-dir=${resolvePath(options.outDir, 'profiles')}`] : []), ...(process.env['BENCH_SERVER_NODE_ARGS']?.split(' ').filter(Boolean) ?? [])];
      const nodes = await spawnGlideNodes({ nodes: options.nodes, nats: options.clusterUrl, db: options.db, dataDir: options.dataDir, nodeArgs });
      servers = nodes.servers;
      secret = nodes.secret;
      stopServers = () => nodes.stop();
      const on = options.db !== undefined ? `on ${redactUrl(options.db)}` : options.dataDir === undefined ? 'on a temp data dir' : `on ${options.dataDir}`;
      const where = servers.map((server) => `pid ${server.pid} at ${server.httpBase}`).join(', ');
      log(`started ${servers.length > 1 ? `${servers.length} glide nodes (cluster over ${options.clusterUrl ?? ''})` : 'glide'} ${on}: ${where}`);
    }
    const httpBases = servers.length > 0 ? servers.map((server) => server.httpBase) : (options.urls ?? ['http://127.0.0.1:8080']);
    try {
      const users =
        target === 'relay'
          ? relayUsers(options)
          : servers[0]?.dataDir !== undefined
            ? await seeded(options, servers[0].dataDir, secret, log)
            : await glideUsers(options, httpBases, log);
      const plans = workerPlans(options, target, httpBases, users);
      const pool = WorkerPool.start(plans);
      const pids = servers.length > 0 ? servers.map((server) => server.pid) : options.serverPids;
      return new Session(target, httpBases, pids, servers, users, plans.map((plan) => plan.users), pool, stopServers);
    } catch (err) {
      await stopServers();
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
    await this.stopServers();
  }
}

/** The relay's users: no accounts; in a group run, consecutive runs of `members` users share a group (as createGroups makes them on Glide). */
function relayUsers(options: BenchOptions): BenchUser[] {
  const isGroup = options.workload === 'group' || options.compared === 'group';
  return Array.from({ length: options.users }, (_, i) => (isGroup ? { uid: i + 1, token: '', relayGid: Math.floor(i / options.members) + 1 } : { uid: i + 1, token: '' }));
}

/** Spawned servers: accounts imported in bulk with their tokens (seconds, not argon2 per account). */
async function seeded(options: BenchOptions, dataDir: string, secret: string | undefined, log: (line: string) => void): Promise<BenchUser[]> {
  const started = performance.now();
  const users = await seedBenchUsers({ count: options.users, db: options.db, dataDir, secret });
  log(`imported ${users.length} accounts with tokens in ${((performance.now() - started) / 1000).toFixed(1)} s (glide user import)`);
  return users;
}

async function glideUsers(options: BenchOptions, httpBases: string[], log: (line: string) => void): Promise<BenchUser[]> {
  // Servers given by --url keep their accounts between runs: cached per set of URLs.
  const cacheKey = `url:${httpBases.join(',')}`;
  let last = 0;
  const users = await benchUsers({
    httpBases,
    count: options.users,
    cacheKey,
    cacheFile: resolvePath(options.outDir, 'accounts.json'),
    onProgress: (done) => {
      if (done - last >= 500) log(`registered ${(last = done)} users…`);
    },
  });
  return users;
}
