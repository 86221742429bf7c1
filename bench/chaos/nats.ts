/**
 * A private 3-server NATS cluster (JetStream replicated) for one chaos run. The run kills one server
 * and starts it again, and kills the whole cluster and starts it again, on the same ports and stores.
 */
import { NatsCluster } from '../../src/bench/nats-servers.js';

export class PrivateNats {
  /** Set by the teardown: a run interrupted mid-fault must not start NATS again after it. */
  private isStopped = false;

  private constructor(private readonly cluster: NatsCluster) {}

  /** Starts the cluster with its stores under `dir`; `register` gets the teardown. */
  static async start(dir: string, register: (name: string, stop: () => Promise<void>) => void): Promise<PrivateNats> {
    const nats = new PrivateNats(await NatsCluster.start(dir, { size: 3, name: 'chaos-nats' }));
    register('nats', () => nats.stop());
    return nats;
  }

  /** Every server's URL, comma-separated: the nodes' `--cluster`. */
  get url(): string {
    return this.cluster.urls.join(',');
  }

  get ports(): number[] {
    return this.cluster.servers.map((server) => server.port);
  }

  /** The server most Glide nodes are connected to (their connections are named glide-<id>). */
  async busiestServer(): Promise<{ index: number; nodes: number }> {
    const counts = await Promise.all(this.cluster.servers.map(async (server) => (await server.clientNames()).filter((name) => name.startsWith('glide-')).length));
    const nodes = Math.max(...counts);
    return { index: counts.indexOf(nodes), nodes };
  }

  /** SIGKILL of one server: its clients move to the others. */
  killServer(index: number): Promise<void> {
    return this.cluster.server(index).kill();
  }

  /** Starts server `index` again on its port and store; resolves once JetStream answers through it. */
  restartServer(index: number): Promise<void> {
    if (this.isStopped) return Promise.reject(new Error('NATS was stopped'));
    return this.cluster.restart(index);
  }

  /** SIGKILL of every server: no goodbye to the clients, JetStream recovers its stores at the next start. */
  async kill(): Promise<void> {
    await Promise.all(this.cluster.servers.map((server) => server.kill()));
  }

  /** Starts every server again; resolves once JetStream has a meta leader. */
  async launch(): Promise<void> {
    if (this.isStopped) throw new Error('NATS was stopped');
    await Promise.all(this.cluster.servers.map((server) => server.launch()));
    await this.cluster.waitForJetStream();
  }

  private async stop(): Promise<void> {
    this.isStopped = true;
    await this.cluster.stop();
  }
}
