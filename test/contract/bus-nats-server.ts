import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NATS_SERVER_BIN, NatsCluster, NatsServer } from '../../src/bench/nats-servers.js';

export { NATS_SERVER_BIN } from '../../src/bench/nats-servers.js';

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

/**
 * A private nats-server on a free port (with JetStream in its own temp directory) that a test may
 * SIGKILL and restart on the same port and store.
 */
export class NatsServerProcess {
  private constructor(
    private readonly server: NatsServer,
    private readonly storeDir: string,
  ) {}

  static async start(): Promise<NatsServerProcess> {
    const storeDir = mkdtempSync(join(tmpdir(), 'glide-nats-'));
    return new NatsServerProcess(await NatsServer.start({ storeDir }), storeDir);
  }

  get url(): string {
    return this.server.url;
  }

  restart(): Promise<void> {
    return this.server.launch();
  }

  /** SIGKILL: clients see the connection drop, as when the server crashes. */
  kill(): Promise<void> {
    return this.server.kill();
  }

  async dispose(): Promise<void> {
    await this.server.kill();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}

/** A private 3-server NATS cluster (routes on loopback, JetStream clustered) in a temp directory. */
export class NatsClusterProcess {
  private constructor(
    readonly cluster: NatsCluster,
    private readonly dir: string,
  ) {}

  static async start(size = 3): Promise<NatsClusterProcess> {
    const dir = mkdtempSync(join(tmpdir(), 'glide-nats-cluster-'));
    try {
      return new NatsClusterProcess(await NatsCluster.start(dir, { size }), dir);
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Every server's URL, comma-separated: the form `--cluster` takes. */
  get url(): string {
    return this.cluster.urls.join(',');
  }

  async dispose(): Promise<void> {
    await this.cluster.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
