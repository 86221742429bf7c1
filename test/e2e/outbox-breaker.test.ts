import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/index.js';
import { silentLogger } from '../../src/log/index.js';
import { createMetricsRegistry } from '../../src/metrics/index.js';
import { createHttpPoster, OutboxWorker, SIGNATURE_HEADERS } from '../../src/outbox/index.js';
import { createStore, type Store } from '../../src/store/index.js';
import { OUTBOX_KIND_WEBHOOK, WebhookDispatcher } from '../../src/webhooks/index.js';
import { isolatedDatabase, tempDir } from '../helpers/store-fixtures.js';
import { requireService } from '../helpers/require-service.js';
import { waitFor, waitForAsync } from '../helpers/wait-for.js';

const EVENTS = 60;
const BATCH = 5;
const DOWN_MS = 2_000;
const SETTINGS = { pollIntervalMs: 50, batchSize: BATCH, maxAttempts: 3, retryBaseMs: 100, retryMaxMs: 400, leaseMs: 30_000, retentionHours: 24 };
/** Probes while down: the backoff is at least half of 100, 200, 400, 400… ms (jitter), one batch each. */
const MAX_PROBES = 12;

/** An endpoint that, while down, takes each connection and closes it at once (no answer), counting them. */
async function flakyEndpoint() {
  const received = new Map<string, number>();
  const state = { isDown: true, refused: 0 };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers[SIGNATURE_HEADERS.eventId]);
      received.set(id, (received.get(id) ?? 0) + 1);
      res.writeHead(200).end();
    });
  });
  server.on('connection', (socket) => {
    if (!state.isDown) return;
    state.refused++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  const close = () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  return { url, state, received, close };
}

type Engine = { name: string; open: () => Promise<{ store: Store; attempts: () => Promise<{ state: number; attempts: number }[]>; dispose: () => Promise<void> | void }> };

const engines: Engine[] = [
  {
    name: 'SQLite',
    open: async () => {
      const dir = tempDir();
      const file = join(dir.dir, 'outbox.db');
      const store = await createStore({ url: `sqlite:${file}`, dataDir: dir.dir, log: silentLogger() });
      const attempts = async () => {
        const db = new BetterSqlite3(file, { readonly: true });
        try {
          return db.prepare('select state, attempts from outbox').all() as { state: number; attempts: number }[];
        } finally {
          db.close();
        }
      };
      return { store, attempts, dispose: dir.remove };
    },
  },
];
const postgres = await requireService('postgres');
if (postgres) {
  engines.push({
    name: 'PostgreSQL',
    open: async () => {
      const db = await isolatedDatabase(postgres);
      const store = await createStore({ url: db.url, dataDir: '.', log: silentLogger(), poolSize: 4 });
      const attempts = async () => {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        try {
          return (await client.query<{ state: number; attempts: number }>('select state, attempts from outbox')).rows;
        } finally {
          await client.end();
        }
      };
      return { store, attempts, dispose: db.drop };
    },
  });
}

describe.each(engines)('outbox circuit breaker on $name', ({ open }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('holds a down endpoint’s events without spending their attempts, with few calls, then delivers each once', async () => {
    const endpoint = await flakyEndpoint();
    cleanups.push(endpoint.close);
    const { store, attempts, dispose } = await open();
    cleanups.push(dispose, () => store.close());
    const metrics = createMetricsRegistry({ isDefaultMetrics: false });
    const outbox = new OutboxWorker({ store: store.outbox, clock: systemClock, log: silentLogger(), metrics }, SETTINGS);
    const http = createHttpPoster({ timeoutMs: 2_000 });
    cleanups.push(() => http.close(), () => outbox.close());
    const webhooks = new WebhookDispatcher({ outbox, http, clock: systemClock, log: silentLogger() }, { urls: [endpoint.url], secret: 's3cretsecretsecret', events: [] });
    outbox.register(OUTBOX_KIND_WEBHOOK, webhooks);
    outbox.start();

    const downSince = Date.now();
    for (let gid = 1; gid <= EVENTS; gid++) {
      webhooks.onEvent({ type: 'group.created', gid, owner: 1, members: [1, 2] });
      if (gid % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await waitFor(() => Date.now() - downSince >= DOWN_MS, DOWN_MS + 1_000, 'the downtime');
    // Far more than maxAttempts backoffs have passed: without the breaker the items were given up by now.
    expect(endpoint.state.refused).toBeGreaterThan(0);
    expect(endpoint.state.refused).toBeLessThanOrEqual(MAX_PROBES * BATCH);
    // A probe may hold a few rows at the moment of looking (claimed: attempts 1); between probes every row
    // is back at 0 attempts. Without the breaker attempts only grow.
    await waitForAsync(async () => (await attempts()).every((row) => row.state === 0 && row.attempts === 0), 3_000, 'the held rows without spent attempts');
    // The scrape reads the shared backlog once for both gauges.
    expect(await metrics.getSingleMetricAsString('glide_outbox_depth')).toContain(`glide_outbox_depth ${EVENTS}`);
    expect(await metrics.getSingleMetricAsString('glide_outbox_oldest_age_seconds')).toMatch(/ [1-9]/);

    endpoint.state.isDown = false;
    await waitFor(() => endpoint.received.size === EVENTS, 10_000, 'every event once the endpoint is back');
    await waitForAsync(async () => (await store.outbox.backlog()).depth === 0, 5_000, 'the outbox to drain');
    expect([...endpoint.received.values()].every((n) => n === 1)).toBe(true);
    expect([...endpoint.received.keys()].sort()).toEqual(Array.from({ length: EVENTS }, (_, i) => `group.created:${i + 1}`).sort());
    // Only the successful try counts: the probes that met the closed connections were given back.
    expect((await attempts()).map((row) => [row.state, row.attempts])).toEqual(Array.from({ length: EVENTS }, () => [1, 1]));
    expect(await metrics.getSingleMetricAsString('glide_outbox_failed_total')).not.toMatch(/ [1-9]/);
  });
});
