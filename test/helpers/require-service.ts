import { connect } from 'node:net';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect as connectNats } from '@nats-io/transport-node';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';

/** External services the integration and contract tests may need. */
export type ServiceName = 'postgres' | 'mysql' | 'nats';

export interface ServiceInfo {
  name: ServiceName;
  /** Admin URL of the service's test database; tests create their own databases from it. */
  url: string;
}

// Same defaults as CI; a developer may point elsewhere with GLIDE_TEST_<NAME>_URL.
const DEFAULT_URLS: Record<ServiceName, string> = {
  postgres: 'postgres://postgres@127.0.0.1:5432/test',
  mysql: 'mysql://root@127.0.0.1:3306/test',
  nats: 'nats://127.0.0.1:4222',
};

const PROBE_TIMEOUT_MS = 2_000;

function probePort(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => socket.destroy(new Error(`no answer from ${host}:${port} within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.end();
      resolve();
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** A real sign-in and round trip, so a port held by something else does not count. */
async function probeLogin(name: ServiceName, url: string): Promise<void> {
  if (name === 'nats') {
    // Presence and node ids live in JetStream KV: a server without -js does not count.
    const nc = await connectNats({ servers: url, timeout: PROBE_TIMEOUT_MS, maxReconnectAttempts: 0 });
    try {
      const jsm = await jetstreamManager(nc, { timeout: PROBE_TIMEOUT_MS });
      await jsm.getAccountInfo();
    } finally {
      await nc.close().catch(() => undefined);
    }
    return;
  }
  if (name === 'postgres') {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
    try {
      await client.connect();
      await client.query('select 1');
    } finally {
      await client.end().catch(() => undefined);
    }
    return;
  }
  const connection = await createConnection({ uri: url, connectTimeout: PROBE_TIMEOUT_MS });
  try {
    await connection.query('select 1');
  } finally {
    await connection.end().catch(() => undefined);
  }
}

/**
 * Checks that the service answers. Returns its info, or `undefined` after a loud notice so the
 * caller can skip; when CI=true a missing service is an error instead (CI must never skip quietly).
 */
export async function requireService(name: ServiceName): Promise<ServiceInfo | undefined> {
  const url = process.env[`GLIDE_TEST_${name.toUpperCase()}_URL`] ?? DEFAULT_URLS[name];
  const { hostname, port } = new URL(url);
  try {
    await probePort(hostname, Number(port));
    await probeLogin(name, url);
    return { name, url };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (process.env.CI === 'true') throw new Error(`${name} is required in CI but not reachable at ${hostname}:${port}: ${reason}`, { cause: err });
    const line = '!'.repeat(78);
    console.warn(`\n${line}\n!! SKIPPING ${name} tests: not reachable at ${hostname}:${port} (${reason})\n!! Start it or set GLIDE_TEST_${name.toUpperCase()}_URL; CI=true turns this into a failure.\n${line}\n`);
    return undefined;
  }
}
