/** Processes the bench starts itself: Glide servers on temp data dirs (`--spawn`, one or a cluster) and the reference relay. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { childModule } from './worker-pool.js';

/** Generous: six nodes compiling through tsx at once on a loaded two-core machine take a while. */
export const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

/** Every child started here, so an interrupted bench can stop them (see stopAllChildren). */
const started = new Set<ChildProcess>();

function track(child: ChildProcess): ChildProcess {
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

/** A stopped bench gives its servers this long to stop gracefully, then kills them. */
const INTERRUPT_GRACE_MS = 5_000;

/**
 * Ctrl-C, SIGTERM or a timeout on the bench: no server or relay may outlive it. SIGTERM first (a
 * node holding thousands of sockets may not finish its graceful stop), SIGKILL for what is left after
 * `INTERRUPT_GRACE_MS`. Resolves once every child is gone.
 */
export async function stopAllChildren(): Promise<void> {
  const alive = [...started].filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(alive.map((child) => stopChild(child, INTERRUPT_GRACE_MS)));
  const owed = [...afterInterrupt];
  afterInterrupt.clear();
  await Promise.all(owed.map((cleanup) => cleanup().catch(() => undefined)));
}

/** What an interrupted bench still owes once its children are gone (a cluster's NATS buckets). */
const afterInterrupt = new Set<() => Promise<void>>();

/**
 * `cleanup` runs in `stopAllChildren`, after the children stopped, unless the returned function was
 * called first (the run cleaned up itself). Without it a bench stopped by `timeout` or Ctrl-C left its
 * KV buckets, with every presence entry of the run, on the shared NATS (issue 17).
 */
export function cleanupOnInterrupt(cleanup: () => Promise<void>): () => void {
  afterInterrupt.add(cleanup);
  return () => afterInterrupt.delete(cleanup);
}

/** The last resort on any exit of the bench (an error, process.exit anywhere): whatever still runs is killed. */
export function killAllChildren(): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export interface LocalServer {
  readonly pid: number;
  readonly httpBase: string;
  readonly dataDir: string | undefined;
  stop(): Promise<void>;
  /** SIGKILL, as a crash would: no goodbye to clients, no flush. Resolves once the process is gone. */
  kill(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** What the nodes of one cluster share, and the node's own id. */
export interface ClusterSeat {
  nats: string;
  prefix: string;
  secret: string;
  nodeId: number;
}

export interface GlideSpawn {
  dataDir?: string;
  /** `--cpu-prof` and the like. */
  nodeArgs?: string[];
  /** postgres:// or mysql://; absent: SQLite in the data dir. */
  db?: string;
}

/**
 * Starts `glide serve` on 127.0.0.1 with TCP off. The data dir is a fresh temp dir (removed at stop)
 * unless one is given. With a seat the server joins that cluster.
 */
export async function spawnGlide(options: GlideSpawn, seat?: ClusterSeat): Promise<LocalServer> {
  const port = await freePort();
  const isTemp = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'glide-bench-'));
  const main = childModule('../main');
  const args = [...main.execArgv, ...(options.nodeArgs ?? []), main.path, 'serve', '--host', '127.0.0.1', '--port', String(port), '--tcp-port', '-1', '--data', dataDir, '--log-level', 'warn'];
  if (options.db !== undefined) args.push('--db', options.db);
  if (seat) args.push('--cluster', seat.nats, '--node-id', String(seat.nodeId));
  // The bench connects from 127.0.0.2, 127.0.0.3, …: trust the whole loopback range for sign-in throttles.
  const env = { ...process.env, GLIDE_AUTH_TRUSTED_ADDRESSES: '127.0.0.0/8', ...(seat ? { GLIDE_AUTH_SECRET: seat.secret, GLIDE_CLUSTER_PREFIX: seat.prefix } : {}) };
  // Several nodes write to one terminal: each line says which node it came from.
  const child = track(spawn(process.execPath, args, { stdio: ['ignore', seat ? 'pipe' : 'inherit', seat ? 'pipe' : 'inherit'], env }));
  if (seat) {
    tagLines(child.stdout, process.stdout, `[node ${seat.nodeId}]`);
    tagLines(child.stderr, process.stderr, `[node ${seat.nodeId}]`);
  }
  const httpBase = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await stopChild(child);
    if (isTemp) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitReady(child, `${httpBase}/health`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { pid: child.pid!, httpBase, dataDir, stop, kill: () => killChild(child) };
}

function tagLines(from: Readable | null, to: Writable, tag: string): void {
  if (from) createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => to.write(`${tag} ${line}\n`));
}

/** Starts bench/reference/relay.ts (always through tsx: it lives outside src/ and is not built). */
export async function spawnRelay(): Promise<LocalServer> {
  const port = await freePort();
  const relay = new URL('../../bench/reference/relay.ts', import.meta.url).pathname;
  const child = track(spawn(process.execPath, ['--import', 'tsx', relay, '--port', String(port)], { stdio: ['ignore', 'inherit', 'inherit'] }));
  const httpBase = `http://127.0.0.1:${port}`;
  await waitReady(child, `${httpBase}/health`);
  return { pid: child.pid!, httpBase, dataDir: undefined, stop: () => stopChild(child), kill: () => killChild(child) };
}

async function waitReady(child: ChildProcess, url: string): Promise<void> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before it was ready`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server not ready at ${url} within ${READY_TIMEOUT_MS} ms`);
}

function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** SIGTERM (graceful: flushes batches, writes a --cpu-prof profile), SIGKILL if it hangs. */
function stopChild(child: ChildProcess, graceMs = STOP_TIMEOUT_MS): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
