/** `--spawn --nodes n`: the nodes of one bench cluster, started together and cleaned up together. */
import { randomBytes } from 'node:crypto';
import { cleanupOnInterrupt, READY_TIMEOUT_MS, spawnGlide, type GlideSpawn, type LocalServer } from './processes.js';

export interface LocalNodes {
  readonly servers: LocalServer[];
  /** The auth secret the bench gave a cluster's nodes; undefined for one node (its data dir holds it). */
  readonly secret: string | undefined;
  /** Stops every node (and, for a cluster, drops what the run left on NATS). */
  stop(): Promise<void>;
}

/**
 * `nodes` servers: one (on `db` when given), or a cluster over `nats` on `db` with a fresh prefix and
 * auth secret, so two runs on one NATS never meet. Resolves once every node sees all the others.
 */
export async function spawnGlideNodes(options: GlideSpawn & { nodes: number; nats: string | undefined }): Promise<LocalNodes> {
  const { nodes, nats, ...spawnOptions } = options;
  if (nodes === 1 || nats === undefined) {
    const server = await spawnGlide(spawnOptions);
    return { servers: [server], secret: undefined, stop: () => server.stop() };
  }
  const shared = { nats, prefix: `bench_${randomBytes(6).toString('hex')}`, secret: randomBytes(32).toString('base64url') };
  const servers: LocalServer[] = [];
  const forget = cleanupOnInterrupt(() => dropBuckets(nats, shared.prefix));
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map((server) => server.stop()));
    await dropBuckets(nats, shared.prefix);
    forget();
  };
  try {
    // Node 1 alone first: it migrates the (fresh) database; then the others together.
    servers.push(await spawnGlide(spawnOptions, { ...shared, nodeId: 1 }));
    const rest = await Promise.allSettled(Array.from({ length: nodes - 1 }, (_, i) => spawnGlide(spawnOptions, { ...shared, nodeId: i + 2 })));
    for (const result of rest) if (result.status === 'fulfilled') servers.push(result.value);
    const failure = rest.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
    await Promise.all(servers.map((server) => waitForMembers(server.httpBase, nodes)));
    return { servers, secret: shared.secret, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A node answers /health before it has heard the others' heartbeats; until then it routes as if alone. */
async function waitForMembers(httpBase: string, count: number): Promise<void> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  let seen: unknown;
  while (performance.now() < deadline) {
    try {
      const body = (await (await fetch(`${httpBase}/health`)).json()) as { Data?: { nodes?: unknown } };
      seen = body.Data?.nodes;
      if (Array.isArray(seen) && seen.length >= count) return;
    } catch {
      // busy or not answering yet: ask again
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${httpBase} sees nodes ${JSON.stringify(seen)}, not ${count}, after ${READY_TIMEOUT_MS} ms`);
}

const NATS_TIMEOUT_MS = 2_000;

/**
 * The nodes' KV buckets (presence, node ids) outlive them as empty streams; every run has its own
 * prefix, so without this each run would leave one more on the shared NATS. The nodes name every
 * bucket `<prefix>_<name>` (stream `KV_<bucket>`): the run drops all of its prefix without knowing
 * the bus's bucket names. Loaded on demand: a single-node bench never touches NATS.
 */
async function dropBuckets(nats: string, prefix: string): Promise<void> {
  const [{ connect }, { jetstreamManager }] = await Promise.all([import('@nats-io/transport-node'), import('@nats-io/jetstream')]);
  try {
    const nc = await connect({ servers: nats, timeout: NATS_TIMEOUT_MS });
    try {
      const jsm = await jetstreamManager(nc, { timeout: NATS_TIMEOUT_MS });
      const ours: string[] = [];
      for await (const stream of jsm.streams.names()) if (stream.startsWith(`KV_${prefix}_`)) ours.push(stream);
      for (const stream of ours) await jsm.streams.delete(stream).catch(() => false);
    } finally {
      await nc.close();
    }
  } catch (err) {
    process.stderr.write(`glide bench: could not drop the NATS buckets of prefix ${prefix}: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}
