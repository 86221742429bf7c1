import { connect } from 'node:net';
import { defineConfig } from 'vitest/config';

/**
 * The cluster project (on PostgreSQL): the e2e suites a second time against a 3-node in-process
 * cluster, and the in-process cluster's own tests (*.cluster.test.ts, in no other project).
 */
const CLUSTER_SUITES = [...['chat-basics', 'chat-contract', 'chat-offline', 'chat-rules', 'chat-routes', 'chat-g1', 'client-quirks', 'groups', 'sdk', 'recall-privacy'].map((name) => `test/e2e/${name}.test.ts`), 'test/integration/action-budget.test.ts', 'test/**/*.cluster.test.ts'];

function isPortOpen(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.setTimeout(1_000, () => socket.destroy());
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('close', () => resolve(false));
  });
}

export default defineConfig(async () => {
  // Locally a machine without PostgreSQL runs the single-node project only, with a notice; CI never drops it.
  const postgres = process.env.GLIDE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const hasCluster = process.env.CI === 'true' || (await isPortOpen(postgres));
  if (!hasCluster) console.warn(`\n!! SKIPPING the cluster project: PostgreSQL is not reachable at ${postgres} (CI=true makes it a failure)\n`);
  const shared = { pool: 'forks' as const, testTimeout: 20_000, hookTimeout: 20_000 };
  return {
    test: {
      reporters: ['default'],
      projects: [
        { test: { ...shared, name: 'single', include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'], exclude: ['**/node_modules/**', 'test/**/*.cluster.test.ts'] } },
        ...(hasCluster ? [{ test: { ...shared, name: 'cluster', include: CLUSTER_SUITES, env: { GLIDE_TEST_TOPOLOGY: 'cluster' } } }] : []),
      ],
    },
  };
});
