/** `glide bench` options: the raw CLI values checked once, with bounds so every run ends. */
import { availableParallelism } from 'node:os';
import { isCodecName, type CodecName } from '../client/index.js';

export const WORKLOADS = ['chat', 'group', 'connect', 'reconnect', 'compare'] as const;
export type Workload = (typeof WORKLOADS)[number];

export interface BenchOptions {
  workload: Workload;
  /** compare: the workload run against both targets (chat: a --max search on each; group: one step on each). */
  compared: 'chat' | 'group' | undefined;
  /** http://127.0.0.1:<port> of each node; undefined with --spawn until the servers are up. */
  urls: string[] | undefined;
  isSpawn: boolean;
  /** --spawn: how many `glide serve` to start; more than one form a cluster over `clusterUrl` on `db`. */
  nodes: number;
  /** --spawn: the postgres:// or mysql:// database the spawned servers share; undefined: SQLite in the data dir. */
  db: string | undefined;
  /** --spawn with more than one node: the NATS the nodes meet on. */
  clusterUrl: string | undefined;
  dataDir: string | undefined;
  /** One per --url, to report the servers' CPU and RSS (summed); empty: not measured. */
  serverPids: number[];
  users: number;
  /** group: G groups of M members (users = G × M). */
  groups: number;
  members: number;
  ratePerUser: number;
  durationS: number;
  isMax: boolean;
  p99LimitMs: number;
  workers: number;
  sources: number;
  connectRate: number;
  dropPercent: number;
  codec: CodecName;
  contentBytes: number;
  drainS: number;
  /** Unreported low-rate step before chat and reconnect (0: none). */
  warmUpS: number;
  heartbeatS: number;
  outDir: string;
  isProfile: boolean;
  /** connect: after the hold, SIGKILL the last node under a trickle of messages and time the reconnect storm. */
  isKillOne: boolean;
}

const MAX_USERS = 200_000;
/** Spawned nodes share this machine with the client: a handful already says how delivery scales. */
const MAX_NODES = 8;
const DEFAULT_CLUSTER_URL = 'nats://127.0.0.1:4222';
const MAX_DURATION_S = 600;
/** Sockets per worker process, at most: one process may open 20,000 files here (ulimit -Hn), and it needs some for itself. */
export const MAX_CONNECTIONS_PER_WORKER = 15_000;
/** Messages tracked per step, across all users: bounds the client's memory (about 20 bytes each, 200 MB at most). */
export const MAX_MESSAGES = 10_000_000;
/**
 * Connections per loopback source address, by default. Every open binds (address, port 0) before it
 * connects, and the kernel's search for a free port grows with the ports the address already holds:
 * 0.05 ms of system time per bind at 4,000, 1 ms at 10,000, 4 ms at 16,000 (bench/micro/loopback-bind.ts).
 * At 14,285 per address (the 100,000-user run) a worker reopening a dead node's clients stalled for tens
 * of seconds inside bind, wrote its upgrades late, and the nodes answered 408 (issue 17).
 */
export const CONNECTIONS_PER_SOURCE = 4_000;

export class BenchUsageError extends Error {}

function num(raw: string | boolean | undefined, name: string, fallback: number, min: number, max: number, isInteger = true): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || !Number.isFinite(value) || (isInteger && !Number.isInteger(value)) || value < min || value > max) {
    throw new BenchUsageError(`--${name} expects ${isInteger ? 'an integer' : 'a number'} from ${min} to ${max}, got "${String(raw)}"`);
  }
  return value;
}

/** Only 127.0.0.1: the bench must never load a machine other than this one. */
export function checkLocalUrl(raw: string, flag = '--url', protocols: readonly string[] = ['http:']): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BenchUsageError(`${flag} "${raw}" is not a URL`);
  }
  if (!protocols.includes(url.protocol)) throw new BenchUsageError(`${flag} must be ${protocols.map((p) => `${p}//127.0.0.1:<port>`).join(' or ')}, got ${url.protocol}//…`);
  if (url.hostname !== '127.0.0.1') throw new BenchUsageError(`${flag} must point at 127.0.0.1 (the bench loads this machine only), got ${url.hostname}`);
  return url;
}

/** `--url a,b,c`: one server or the nodes of a cluster, each local, none twice (a pair must span two nodes). */
export function parseUrls(raw: string): string[] {
  const urls = raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => `http://127.0.0.1:${checkLocalUrl(part).port || '80'}`);
  if (urls.length === 0) throw new BenchUsageError('--url needs at least one http://127.0.0.1:<port>');
  if (new Set(urls).size !== urls.length) throw new BenchUsageError('--url lists a server twice');
  return urls;
}

/** A database URL fit for logs and reports: the password, if any, masked. */
export function redactUrl(raw: string): string {
  return raw.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

/** The database spawned servers share: a server on this machine, PostgreSQL or MySQL. */
function parseDb(raw: string): string {
  checkLocalUrl(raw, '--db', ['postgres:', 'postgresql:', 'mysql:']);
  return raw;
}

function parseServerPids(raw: string | boolean | undefined, urls: number): number[] {
  if (raw === undefined) return [];
  const pids = String(raw)
    .split(',')
    .map((part) => num(part.trim(), 'server-pid', 0, 1, 2 ** 22));
  if (pids.length !== urls) throw new BenchUsageError(`--server-pid takes one pid per --url (${urls}), got ${pids.length}`);
  return pids;
}

/** The spawn-only flags: --nodes, --db, --cluster, and how they combine with --data. */
function parseSpawn(raw: Readonly<Record<string, string | boolean | undefined>>, isSpawn: boolean, workload: string): Pick<BenchOptions, 'nodes' | 'db' | 'clusterUrl'> {
  for (const flag of ['nodes', 'db', 'cluster']) if (!isSpawn && raw[flag] !== undefined) throw new BenchUsageError(`--${flag} goes with --spawn`);
  const nodes = num(raw['nodes'], 'nodes', 1, 1, MAX_NODES);
  const db = typeof raw['db'] === 'string' ? parseDb(raw['db']) : undefined;
  if (nodes > 1 && db === undefined) throw new BenchUsageError('--nodes above 1 needs --db postgres://… or mysql://… (the nodes share it)');
  if (nodes === 1 && raw['cluster'] !== undefined) throw new BenchUsageError('--cluster goes with --nodes above 1');
  // With --db the accounts live in the database: a kept data dir would cache tokens of another database.
  if (db !== undefined && raw['data'] !== undefined) throw new BenchUsageError('--data goes without --db (each spawned node gets a temp data dir)');
  if (nodes > 1 && workload === 'compare') throw new BenchUsageError('compare runs against one node: drop --nodes');
  const clusterUrl = nodes === 1 ? undefined : typeof raw['cluster'] === 'string' ? checkLocalUrl(raw['cluster'], '--cluster', ['nats:']).href.replace(/\/$/, '') : DEFAULT_CLUSTER_URL;
  return { nodes, db, clusterUrl };
}

export function parseBenchOptions(raw: Readonly<Record<string, string | boolean | undefined>>, args: readonly string[]): BenchOptions {
  const [workload, compared, extra] = args;
  if (workload === undefined || !(WORKLOADS as readonly string[]).includes(workload)) {
    throw new BenchUsageError(`workload must be one of ${WORKLOADS.join(', ')}${workload === undefined ? '' : `, got "${workload}"`}`);
  }
  if (workload === 'compare' && compared !== 'chat' && compared !== 'group') throw new BenchUsageError('compare runs the chat or group workload: glide bench compare chat|group [flags]');
  if ((workload !== 'compare' && compared !== undefined) || extra !== undefined) throw new BenchUsageError(`unexpected argument "${workload === 'compare' ? extra : compared}"`);
  const isSpawn = raw['spawn'] === true;
  if (isSpawn && raw['url'] !== undefined) throw new BenchUsageError('--spawn starts its own server: drop --url');
  if (!isSpawn && raw['data'] !== undefined) throw new BenchUsageError('--data goes with --spawn');
  if (isSpawn && raw['server-pid'] !== undefined) throw new BenchUsageError('--server-pid goes with --url (--spawn measures the servers it starts)');
  if (!isSpawn && raw['profile'] === true) throw new BenchUsageError('--profile goes with --spawn (the bench starts the server with --cpu-prof)');
  const urls = typeof raw['url'] === 'string' ? parseUrls(raw['url']) : isSpawn ? undefined : ['http://127.0.0.1:8080'];
  if (workload === 'compare' && (urls?.length ?? 1) > 1) throw new BenchUsageError('compare runs against one node: give one --url');
  const spawn = parseSpawn(raw, isSpawn, workload);
  const groups = num(raw['groups'], 'groups', 1, 1, 1000);
  const members = num(raw['members'], 'members', 100, 2, 100_000);
  const isGroup = workload === 'group' || compared === 'group';
  if (isGroup && raw['users'] !== undefined) throw new BenchUsageError('group takes --groups and --members (users = groups × members), not --users');
  if (!isGroup && (raw['groups'] !== undefined || raw['members'] !== undefined)) throw new BenchUsageError('--groups and --members go with the group workload');
  if (isGroup && raw['max'] !== undefined) throw new BenchUsageError('--max goes with chat: group runs one step');
  const users = isGroup ? groups * members : num(raw['users'], 'users', workload === 'connect' ? 1000 : 100, 2, MAX_USERS);
  if (users > MAX_USERS) throw new BenchUsageError(`at most ${MAX_USERS} users per run`);
  if (users % 2 !== 0 && workload !== 'connect' && !isGroup) throw new BenchUsageError('--users must be even: chat users come in pairs');
  const codec = typeof raw['codec'] === 'string' ? raw['codec'] : 'json';
  if (!isCodecName(codec)) throw new BenchUsageError(`--codec must be json or protobuf, got "${codec}"`);
  if (workload === 'compare' && codec !== 'json') throw new BenchUsageError('compare uses json: the reference relay reads JSON envelopes');
  const cores = availableParallelism();
  const isKillOne = raw['kill-one'] === true;
  if (isKillOne && (workload !== 'connect' || !isSpawn || spawn.nodes < 2)) throw new BenchUsageError('--kill-one goes with connect --spawn --nodes 2 or more (the bench kills a node it started)');
  if (isKillOne && users % 2 !== 0) throw new BenchUsageError('--users must be even with --kill-one: the trickle of messages goes between pairs');
  const minWorkers = Math.ceil(users / MAX_CONNECTIONS_PER_WORKER);
  const workers = num(raw['workers'], 'workers', Math.max(minWorkers, Math.min(cores, Math.max(1, Math.floor(users / 2)))), 1, 64);
  if (workers < minWorkers) throw new BenchUsageError(`--workers ${workers} would put more than ${MAX_CONNECTIONS_PER_WORKER} connections in one process (open-file limit): use at least ${minWorkers}`);
  const connectRate = num(raw['connect-rate'], 'connect-rate', 1000, 1, 100_000);
  return {
    workload: workload as Workload,
    compared: workload === 'compare' ? (compared as 'chat' | 'group') : undefined,
    urls,
    isSpawn,
    ...spawn,
    dataDir: typeof raw['data'] === 'string' ? raw['data'] : undefined,
    serverPids: parseServerPids(raw['server-pid'], urls?.length ?? 0),
    users,
    groups,
    members,
    ratePerUser: num(raw['rate'], 'rate', 1, 0.01, 10_000, false),
    durationS: num(raw['duration'], 'duration', workload === 'connect' ? 30 : 10, 1, MAX_DURATION_S, false),
    isMax: raw['max'] === true || compared === 'chat',
    p99LimitMs: num(raw['p99'], 'p99', 100, 1, 60_000, false),
    workers,
    sources: num(raw['sources'], 'sources', Math.max(4, Math.ceil(users / CONNECTIONS_PER_SOURCE)), 1, 250),
    connectRate,
    dropPercent: num(raw['drop'], 'drop', 20, 1, 100, false),
    codec,
    contentBytes: num(raw['size'], 'size', 64, 1, 60_000),
    drainS: num(raw['drain'], 'drain', 5, 0, 120, false),
    warmUpS: num(raw['warmup'], 'warmup', 2, 0, 60, false),
    heartbeatS: num(raw['heartbeat'], 'heartbeat', 20, 1, 3600),
    outDir: typeof raw['out'] === 'string' ? raw['out'] : 'bench/out',
    isProfile: raw['profile'] === true,
    isKillOne,
  };
}
