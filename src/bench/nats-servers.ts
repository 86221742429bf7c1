/**
 * Private nats-server processes (JetStream on, each with its own store dir) for tests and the chaos
 * run: one server, or a cluster of several on loopback ports with routes between them. A server can
 * be SIGKILLed and started again on the same ports and store.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { freePort } from './processes.js';

/** Debian's nats-server. */
export const NATS_SERVER_BIN = '/usr/sbin/nats-server';

const READY_TIMEOUT_MS = 30_000;
const POLL_MS = 50;
/** Lines kept from a server's log for the error when it fails to start. */
const LOG_LINES = 50;

export interface NatsServerOptions {
  /** JetStream store; created when absent. */
  storeDir: string;
  port?: number;
  /** Server name, stable across restarts (JetStream clustering needs it). */
  name?: string;
  cluster?: { name: string; port: number; routes: readonly number[] };
  /** HTTP monitoring port (/connz, /jsz); absent: none. */
  monitorPort?: number;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One nats-server process. */
export class NatsServer {
  private child: ChildProcess | undefined;
  private log: string[] = [];

  private constructor(
    readonly port: number,
    private readonly options: NatsServerOptions,
  ) {}

  /** Starts on `options.port` or a free one and waits until it says it is ready. */
  static async start(options: NatsServerOptions): Promise<NatsServer> {
    const server = new NatsServer(options.port ?? (await freePort()), options);
    await server.launch();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get isRunning(): boolean {
    return this.child !== undefined;
  }

  /** Starts the process again (same ports, same store); resolves when it reports ready. */
  async launch(): Promise<void> {
    if (this.child) throw new Error(`nats-server on port ${this.port} already running`);
    mkdirSync(this.options.storeDir, { recursive: true });
    const args = ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.options.storeDir];
    if (this.options.name) args.push('-n', this.options.name);
    if (this.options.monitorPort !== undefined) args.push('-m', String(this.options.monitorPort));
    const cluster = this.options.cluster;
    if (cluster) {
      const routes = cluster.routes.map((port) => `nats://127.0.0.1:${port}`).join(',');
      args.push('--cluster_name', cluster.name, '--cluster', `nats://127.0.0.1:${cluster.port}`, '--routes', routes);
    }
    const child = spawn(NATS_SERVER_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    this.log = [];
    let isReady = false;
    let failure: Error | undefined;
    child.once('error', (err) => (failure = err));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        isReady ||= line.includes('Server is ready');
        this.log.push(line);
      }
      this.log.splice(0, Math.max(0, this.log.length - LOG_LINES));
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!isReady) {
      const exited = child.exitCode !== null;
      if (failure || exited || Date.now() > deadline) {
        await this.kill();
        const why = failure?.message ?? (exited ? `exited with ${child.exitCode}` : 'not ready in time');
        throw new Error(`nats-server on port ${this.port}: ${why}\n${this.log.slice(-5).join('\n')}`);
      }
      await delay(POLL_MS);
    }
  }

  /** Names of the clients connected to this server (`name` of each connection), from /connz; needs a monitor port. */
  async clientNames(): Promise<string[]> {
    if (this.options.monitorPort === undefined) throw new Error('nats-server started without a monitor port');
    const response = await fetch(`http://127.0.0.1:${this.options.monitorPort}/connz?limit=10000`);
    const body = (await response.json()) as { connections?: { name?: string }[] };
    return (body.connections ?? []).map((conn) => conn.name ?? '');
  }

  /** SIGKILL: clients see the connection drop as when the server crashes; JetStream recovers its store at the next start. */
  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}

/** Several nats-servers routed into one cluster, JetStream clustered across them. */
export class NatsCluster {
  private constructor(readonly servers: readonly NatsServer[]) {}

  /** Starts `size` servers named `<name>-<i>`, each with its store under `dir`, and waits for a JetStream meta leader. */
  static async start(dir: string, options: { size?: number; name?: string } = {}): Promise<NatsCluster> {
    const size = options.size ?? 3;
    const name = options.name ?? 'glide-nats';
    const taken: number[] = [];
    // freePort releases each port before the next is asked, so the kernel may hand one out twice.
    const nextPort = async (): Promise<number> => {
      const port = await distinctFreePort(taken);
      taken.push(port);
      return port;
    };
    const clientPorts: number[] = [];
    const routePorts: number[] = [];
    const monitorPorts: number[] = [];
    for (let i = 0; i < size; i++) {
      clientPorts.push(await nextPort());
      routePorts.push(await nextPort());
      monitorPorts.push(await nextPort());
    }
    const servers: NatsServer[] = [];
    try {
      // Concurrently: a server with routes to not-yet-started peers keeps retrying them, so order does not matter.
      const started = await Promise.all(
        clientPorts.map((port, i) =>
          NatsServer.start({
            port,
            storeDir: join(dir, `${name}-${i}`),
            name: `${name}-${i}`,
            cluster: { name, port: routePorts[i] ?? 0, routes: routePorts },
            monitorPort: monitorPorts[i] ?? 0,
          }).then((server) => {
            servers.push(server);
            return server;
          }),
        ),
      );
      const cluster = new NatsCluster(started);
      await cluster.waitForJetStream();
      return cluster;
    } catch (err) {
      await Promise.all(servers.map((server) => server.stop()));
      throw err;
    }
  }

  /** Every server's client URL: what a node's `cluster.nats` lists. */
  get urls(): string[] {
    return this.servers.map((server) => server.url);
  }

  server(index: number): NatsServer {
    const server = this.servers[index];
    if (!server) throw new Error(`no NATS server ${index} (cluster of ${this.servers.length})`);
    return server;
  }

  /** Starts server `index` again and waits until JetStream answers through it (the meta group has it back). */
  async restart(index: number): Promise<void> {
    const server = this.server(index);
    await server.launch();
    await waitForJetStream([server.url]);
  }

  /** Resolves once JetStream answers through a running server: the meta group has elected a leader. */
  waitForJetStream(): Promise<void> {
    return waitForJetStream(this.servers.filter((server) => server.isRunning).map((server) => server.url));
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.stop()));
  }
}

async function distinctFreePort(taken: readonly number[]): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (!taken.includes(port)) return port;
  }
}

/** Polls account info until JetStream answers (it refuses with 503 until the meta leader is elected). */
async function waitForJetStream(servers: string[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const nc = await connect({ servers, maxReconnectAttempts: -1, reconnectTimeWait: POLL_MS });
  try {
    const jsm = await jetstreamManager(nc, { timeout: 1_000, checkAPI: false });
    for (;;) {
      try {
        await jsm.getAccountInfo();
        return;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`JetStream of the NATS cluster at ${servers.join(',')} did not come up`, { cause: err });
        await delay(POLL_MS * 4);
      }
    }
  } finally {
    await nc.close();
  }
}
