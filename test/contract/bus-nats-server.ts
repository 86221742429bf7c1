import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/bench/processes.js';

/** Debian's nats-server; tests that kill and restart a server start their own from it. */
export const NATS_SERVER_BIN = '/usr/sbin/nats-server';

/**
 * Whether restart tests can run. Like requireService: a loud notice locally, an error when CI=true
 * (CI must never skip quietly).
 */
export function hasNatsServerBinary(): boolean {
  if (existsSync(NATS_SERVER_BIN)) return true;
  if (process.env.CI === 'true') throw new Error(`${NATS_SERVER_BIN} is required in CI for the NATS restart tests`);
  const line = '!'.repeat(78);
  console.warn(`\n${line}\n!! SKIPPING NATS restart tests: ${NATS_SERVER_BIN} not found (apt-get install nats-server)\n${line}\n`);
  return false;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A private nats-server on a free port (with JetStream in its own temp directory) that a test may
 * SIGKILL and restart on the same port and store. Bounded: each start waits at most 10 s.
 */
export class NatsServerProcess {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly storeDir: string,
  ) {}

  static async start(): Promise<NatsServerProcess> {
    const server = new NatsServerProcess(await freePort(), mkdtempSync(join(tmpdir(), 'glide-nats-')));
    await server.restart();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    if (this.child) throw new Error('nats-server already running');
    const child = spawn(NATS_SERVER_BIN, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir], { stdio: 'ignore' });
    this.child = child;
    const deadline = Date.now() + 10_000;
    while (!(await accepts(this.port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await this.kill();
        throw new Error(`private nats-server did not start on port ${this.port}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** SIGKILL: clients see the connection drop, as when the server crashes. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
