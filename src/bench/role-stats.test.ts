import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { benchRoles, pidListeningOn, RoleWatch } from './role-stats.js';

describe('role CPU from /proc', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  it('finds the process listening on a port (how the bench finds its NATS server)', async () => {
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    expect(pidListeningOn(port)).toBe(process.pid);
  });

  it('reports the CPU a role spent between start and stop', () => {
    const watch = new RoleWatch(benchRoles({ nodePids: [process.pid], clusterUrl: undefined, db: undefined }));
    const until = performance.now() + 200;
    while (performance.now() < until) Math.sqrt(Math.random());
    const [glide] = watch.stop();
    expect(glide?.name).toBe('glide');
    expect(glide!.cpuSec).toBeGreaterThan(0);
  });
});
