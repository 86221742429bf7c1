/**
 * The three Glide nodes of a chaos run: `glide serve` from the sources (tsx) in cluster mode on the
 * private NATS cluster and PostgreSQL. Each node keeps its port and data dir for the whole run, so a node
 * started again after a SIGKILL is back at the address the clients' URL lists name.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineTail, stopChild, waitUntil } from './processes.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LISTEN_TIMEOUT_MS = 90_000;
const MAX_TAIL_LINE = 400;

export interface ClusterWiring {
  natsUrl: string;
  dbUrl: string;
  /** Where each node gets its data dir. */
  dir: string;
}

interface GlideNode {
  readonly id: number;
  readonly port: number;
  readonly dataDir: string;
  readonly log: LineTail;
  child?: ChildProcess;
}

interface HealthBody {
  Data?: { nodes?: number[] };
}

export class GlideNodes {
  private readonly nodes = new Map<number, GlideNode>();
  /** Set by stopAll: a run interrupted mid-fault must not start a node after the teardown. */
  private isStopped = false;
  /** Shared by every node: tokens signed on one are checked on the others; the prefix keeps this run apart. */
  private readonly env: Record<string, string>;

  constructor(
    private readonly wiring: ClusterWiring,
    ports: ReadonlyMap<number, number>,
  ) {
    // The server rejects unknown GLIDE_* variables, and the caller's settings are not this run's.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GLIDE_')));
    this.env = {
      ...inherited,
      GLIDE_AUTH_SECRET: randomBytes(32).toString('base64url'),
      GLIDE_CLUSTER_PREFIX: `chaos_${randomBytes(4).toString('hex')}`,
      // A dead node leaves the ring within about a second.
      GLIDE_CLUSTER_HEARTBEAT_INTERVAL_MS: '200',
      GLIDE_CLUSTER_LEASE_MS: '1000',
      GLIDE_LOG_FORMAT: 'json',
    };
    for (const [id, port] of ports) {
      const dataDir = join(wiring.dir, `node${id}`);
      mkdirSync(dataDir, { recursive: true });
      // An empty config file of its own: a glide.toml in the working directory must not leak in.
      writeFileSync(join(dataDir, 'glide.toml'), '');
      this.nodes.set(id, { id, port, dataDir, log: new LineTail() });
    }
  }

  get ids(): number[] {
    return [...this.nodes.keys()];
  }

  httpUrl(id: number): string {
    return `http://127.0.0.1:${this.node(id).port}`;
  }

  wsUrl(id: number): string {
    return `ws://127.0.0.1:${this.node(id).port}/ws`;
  }

  /** Starts the node and resolves once it logged "glide listening". */
  async start(id: number): Promise<void> {
    if (this.isStopped) throw new Error('the nodes were stopped');
    const node = this.node(id);
    const args = ['--import', 'tsx', 'src/main.ts', 'serve', '--config', join(node.dataDir, 'glide.toml'), '--host', '127.0.0.1', '--port', String(node.port), '--tcp-port', '-1'];
    args.push('--data', node.dataDir, '--cluster', this.wiring.natsUrl, '--node-id', String(id), '--db', this.wiring.dbUrl, '--log-level', 'info');
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    node.child = child;
    let isListening = false;
    let failure: Error | undefined;
    child.once('error', (err) => (failure = err));
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => node.log.push(chunk, (line) => (isListening ||= isListeningLine(line))));
    child.stderr.on('data', (chunk: string) => node.log.push(chunk));
    await waitUntil(
      () => {
        if (failure) throw failure;
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`node ${id} exited (${child.exitCode ?? child.signalCode}) before listening:\n${this.tail(id, 15)}`);
        return isListening;
      },
      LISTEN_TIMEOUT_MS,
      `node ${id} to listen`,
    );
  }

  /** SIGKILL: no shutdown, no flush, connections cut. */
  async kill(id: number): Promise<void> {
    const { child } = this.node(id);
    if (child) await stopChild(child, 'SIGKILL');
  }

  /** Resolves once every node answers /health 200 and sees exactly all the nodes as members. */
  async waitHealthy(timeoutMs: number): Promise<void> {
    const wanted = this.ids.sort((a, b) => a - b).join(',');
    const isHealthy = async (id: number): Promise<boolean> => {
      try {
        const response = await fetch(`${this.httpUrl(id)}/health`, { signal: AbortSignal.timeout(2_000) });
        const body = (await response.json()) as HealthBody;
        return response.ok && [...(body.Data?.nodes ?? [])].sort((a, b) => a - b).join(',') === wanted;
      } catch {
        return false;
      }
    };
    await waitUntil(async () => (await Promise.all(this.ids.map(isHealthy))).every(Boolean), timeoutMs, `nodes ${wanted} healthy and seeing each other`, 200);
  }

  /** SIGTERM to every node still running (SIGKILL after a grace). */
  async stopAll(): Promise<void> {
    this.isStopped = true;
    await Promise.all([...this.nodes.values()].map((node) => (node.child ? stopChild(node.child, 'SIGTERM', 5_000) : undefined)));
  }

  /** The node's last log lines at warn level and above (and any that are not JSON), cut short: errors carry whole stacks. */
  tail(id: number, count: number): string {
    const lines = this.node(id).log.recent().filter((line) => !isQuietLine(line));
    return lines
      .slice(-count)
      .map((line) => (line.length > MAX_TAIL_LINE ? `${line.slice(0, MAX_TAIL_LINE)}…` : line))
      .join('\n');
  }

  private node(id: number): GlideNode {
    const node = this.nodes.get(id);
    if (!node) throw new Error(`no node ${id}`);
    return node;
  }
}

function isListeningLine(line: string): boolean {
  try {
    return (JSON.parse(line) as { msg?: unknown }).msg === 'glide listening';
  } catch {
    return false;
  }
}

/** pino levels: 40 warn, 50 error, 60 fatal. */
function isQuietLine(line: string): boolean {
  try {
    const level = (JSON.parse(line) as { level?: unknown }).level;
    return typeof level === 'number' && level < 40;
  } catch {
    return false;
  }
}
