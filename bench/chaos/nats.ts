/** A private NATS server (JetStream on) for one chaos run, which the run kills and starts again on the same port and store. */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { LineTail, startOnFreePort, stopChild, waitUntil } from './processes.js';

const BINARY = '/usr/sbin/nats-server';
const READY_TIMEOUT_MS = 30_000;

export class PrivateNats {
  private child: ChildProcess | undefined;
  private readonly log = new LineTail(100);
  /** Set by the teardown: a run interrupted mid-fault must not start NATS again after it. */
  private isStopped = false;

  private constructor(
    readonly port: number,
    private readonly storeDir: string,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Starts on a free port with its JetStream store in `storeDir`; `register` gets the teardown first. */
  static async start(storeDir: string, register: (name: string, stop: () => Promise<void>) => void): Promise<PrivateNats> {
    return startOnFreePort(async (port) => {
      const nats = new PrivateNats(port, storeDir);
      register('nats', () => nats.stop());
      await nats.launch();
      return nats;
    });
  }

  /** SIGKILL: no goodbye to the clients, JetStream recovers its store at the next start. */
  async kill(): Promise<void> {
    if (this.child) await stopChild(this.child, 'SIGKILL');
    this.child = undefined;
  }

  /** Starts again on the same port and store dir. */
  launch(): Promise<void> {
    if (this.isStopped) return Promise.reject(new Error('NATS was stopped'));
    const child = spawn(BINARY, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let isReady = false;
    let failure: Error | undefined;
    child.once('error', (err) => (failure = err));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => this.log.push(chunk, (line) => (isReady ||= line.includes('Server is ready'))));
    const what = `nats-server on port ${this.port} to be ready`;
    return waitUntil(
      () => {
        if (failure) throw failure;
        if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode}: ${this.log.recent().slice(-5).join('\n')}`);
        return isReady;
      },
      READY_TIMEOUT_MS,
      what,
      50,
    );
  }

  private async stop(): Promise<void> {
    this.isStopped = true;
    if (this.child) await stopChild(this.child, 'SIGTERM');
    this.child = undefined;
  }
}
