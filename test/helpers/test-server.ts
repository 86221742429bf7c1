import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { DEFAULTS, type Config } from '../../src/config/index.js';
import type { Clock } from '../../src/core/index.js';
import { silentLogger } from '../../src/log/index.js';

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends (infer U)[] ? U[] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

export interface TestServer {
  app: App;
  httpPort: number;
  tcpPort: number;
  wsUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

/** Where a server listens: enough for the API and chat clients (a child-process server has no `app`). */
export type ServerAddress = Pick<TestServer, 'httpPort' | 'wsUrl'>;

export function testConfig(overrides: DeepPartial<Config> = {}, dataDir?: string): Config {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'glide-test-'));
  const base: Config = structuredClone(DEFAULTS);
  base.server = { ...base.server, host: '127.0.0.1', port: 0, tcpPort: 0, dataDir: dir, shutdownGraceMs: 500 };
  base.log = { level: 'silent', format: 'json' };
  return merge(base, overrides);
}

/**
 * A real server on 127.0.0.1 with ephemeral ports and a temp data dir, removed on close. Under
 * GLIDE_TEST_TOPOLOGY=cluster (the "cluster" test project) it is a 3-node in-process cluster instead.
 */
export async function startTestServer(overrides: DeepPartial<Config> = {}, options: { clock?: Clock } = {}): Promise<TestServer> {
  if (process.env.GLIDE_TEST_TOPOLOGY === 'cluster') {
    const { startTestCluster } = await import('./test-cluster.js');
    return startTestCluster(overrides, options);
  }
  const config = testConfig(overrides);
  const app = await createApp({ config, log: silentLogger(), ...(options.clock ? { clock: options.clock } : {}) });
  const { httpPort, tcpPort } = await app.start();
  return {
    app,
    httpPort,
    tcpPort: tcpPort ?? -1,
    wsUrl: `ws://127.0.0.1:${httpPort}/ws`,
    dataDir: config.server.dataDir,
    async close() {
      await app.close();
      removeDataDir(config.server.dataDir);
    },
  };
}

/**
 * Removes a closed server's data directory. Retried: under a loaded CI run one removal found the directory
 * not empty (ENOTEMPTY) once, after close had settled; ten minutes of start/register/close rounds here did not bring it back.
 * A server that really kept writing after close still fails here, after the retries.
 */
export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

function merge<T>(base: T, overrides: DeepPartial<T>): T {
  for (const [key, value] of Object.entries(overrides) as [keyof T, unknown][]) {
    if (value && typeof value === 'object' && !Array.isArray(value)) base[key] = merge(base[key], value as DeepPartial<T[keyof T]>);
    else if (value !== undefined) base[key] = value as T[keyof T];
  }
  return base;
}

/** Every node's app: one for a single server, each node's for an in-process cluster. */
export function appsOf(server: TestServer): App[] {
  return 'nodes' in server ? (server.nodes as TestServer[]).map((node) => node.app) : [server.app];
}
