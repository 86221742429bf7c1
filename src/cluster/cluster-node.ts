import { connectNats, MemoryBus, NatsBus, type Bus, type MemoryHub, type NatsConnection, type NodeId } from '../bus/index.js';
import { GlideError, type Clock, type Logger } from '../core/index.js';
import type { MemoryPresence} from '../presence/index.js';
import { NatsPresence, type Presence } from '../presence/index.js';
import { Crossings } from './crossings.js';
import { NodeIdLease } from './node-id-lease.js';
import { OwnerCalls } from './owner-calls.js';
import { Ownership } from './ownership.js';
import { PeerRelay } from './peer-relay.js';
import { startPresenceJanitor } from './presence-janitor.js';

export interface ClusterSettings {
  /** The NATS servers: one, or those of a NATS cluster. */
  nats: readonly string[];
  /** -1 leases one from NATS. */
  nodeId: number;
  prefix: string;
  requestTimeoutMs: number;
  heartbeatIntervalMs: number;
  leaseMs: number;
  /** Copies of the presence and node id buckets; 0: min(3, NATS cluster size). */
  kvReplicas: number;
  /** Least time between two flushes of the bus frames to other nodes (NatsBus; 0: once per event-loop turn). */
  busGatherMs: number;
}

/**
 * This node's place in a cluster: the bus, presence, the ownership ring, and the two faces the areas
 * use (peers for delivery, owner calls for single-writer keys). Register every handler (areas do so
 * when they receive `peers` and `calls`), then `start()`; `close()` after the gateway has closed.
 */
export interface ClusterNode {
  readonly nodeId: NodeId;
  readonly bus: Bus;
  readonly presence: Presence;
  readonly ownership: Ownership;
  readonly peers: PeerRelay;
  readonly calls: OwnerCalls;
  /** Bus messages this node sent to others, by kind (the node-crossing counts of docs/cluster.md). */
  readonly crossings: Crossings;
  /** Announces this node and waits for the live ones, so ownership is known before serving. */
  start(): Promise<void>;
  /** Called when the node must stop serving (its node id lease was taken over). */
  onFatal(listener: (reason: string) => void): void;
  close(): Promise<void>;
}

interface Parts {
  bus: Bus;
  presence: Presence;
  log: Logger;
  settings: Pick<ClusterSettings, 'requestTimeoutMs' | 'leaseMs'>;
  onDrop?: (kind: string) => void;
  release?: () => Promise<void>;
}

function assemble(parts: Parts): ClusterNode & { fatal(reason: string): void } {
  const { bus, presence, log } = parts;
  const ownership = new Ownership({ bus, log });
  const crossings = new Crossings();
  const peers = new PeerRelay({ bus, presence, log: log.child({ area: 'cluster' }), crossings, ...(parts.onDrop ? { onDrop: parts.onDrop } : {}) });
  const calls = new OwnerCalls({ bus, ownership, log: log.child({ area: 'cluster' }), timeoutMs: parts.settings.requestTimeoutMs, crossings });
  const fatalListeners: ((reason: string) => void)[] = [];
  let stopJanitor: (() => void) | undefined;
  return {
    nodeId: bus.nodeId,
    bus,
    presence,
    ownership,
    peers,
    calls,
    crossings,
    async start() {
      // What an earlier run under this id left behind is stale: its sockets are gone.
      await presence.removeNode(bus.nodeId);
      stopJanitor = startPresenceJanitor({ bus, presence, log, graceMs: parts.settings.leaseMs });
      await bus.start();
    },
    onFatal(listener) {
      fatalListeners.push(listener);
    },
    fatal(reason) {
      for (const listener of fatalListeners) listener(reason);
    },
    async close() {
      stopJanitor?.();
      ownership.close();
      await presence.removeNode(bus.nodeId).catch((err: unknown) => log.warn({ err }, 'presence not cleared; the TTL clears it'));
      await bus.close();
      await presence.close();
      await parts.release?.();
    },
  };
}

/** Joins the cluster on NATS: one connection shared by the bus, presence and the node id lease. */
export async function joinNatsCluster(settings: ClusterSettings, deps: { log: Logger; clock: Clock; onDrop?: (kind: string) => void }): Promise<ClusterNode> {
  const { log, clock } = deps;
  const nc: NatsConnection = await connectNats(log, { servers: [...settings.nats], name: `glide-${settings.nodeId >= 0 ? settings.nodeId : process.pid}` });
  const closeNats = () => nc.close().catch((err: unknown) => log.warn({ err }, 'NATS close failed'));
  try {
    const lease = settings.nodeId < 0 ? await NodeIdLease.acquire({ nc, log, clock }, { prefix: settings.prefix, replicas: settings.kvReplicas }) : undefined;
    const nodeId = lease?.nodeId ?? settings.nodeId;
    const membership = { nodeId, heartbeatIntervalMs: settings.heartbeatIntervalMs, leaseMs: settings.leaseMs };
    const bus = new NatsBus({ nc, log, clock }, { ...membership, prefix: settings.prefix, gatherMs: settings.busGatherMs });
    const presence = await NatsPresence.create({ nc, log, clock }, { prefix: settings.prefix, replicas: settings.kvReplicas });
    const node = assemble({
      bus,
      presence,
      log,
      settings,
      ...(deps.onDrop ? { onDrop: deps.onDrop } : {}),
      release: async () => {
        await lease?.release();
        await closeNats();
      },
    });
    lease?.onLost(() => node.fatal(`node id ${nodeId} lease lost`));
    return node;
  } catch (err) {
    await closeNats();
    throw err instanceof GlideError ? err : new GlideError('CLUSTER_UNAVAILABLE', 'cannot join the cluster', { cause: err });
  }
}

/** A node of an in-process cluster: nodes sharing `hub` and `presence` reach each other (tests, demos). */
export function joinMemoryCluster(
  shared: { hub: MemoryHub; presence: MemoryPresence },
  settings: Pick<ClusterSettings, 'nodeId' | 'requestTimeoutMs' | 'heartbeatIntervalMs' | 'leaseMs'>,
  deps: { log: Logger; clock: Clock; onDrop?: (kind: string) => void },
): ClusterNode {
  const bus = new MemoryBus({ hub: shared.hub, log: deps.log, clock: deps.clock }, { nodeId: settings.nodeId, heartbeatIntervalMs: settings.heartbeatIntervalMs, leaseMs: settings.leaseMs });
  return assemble({ bus, presence: shared.presence, log: deps.log, settings, ...(deps.onDrop ? { onDrop: deps.onDrop } : {}) });
}
