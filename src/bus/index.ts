export type { Bus, BusHandler, BusMessage, MembershipEvent, MembershipListener, NodeId, StatusListener } from './types.js';
export { BusKind } from './types.js';
export { TOPIC, DEFAULT_CLUSTER_PREFIX, presenceBucket, nodeIdBucket, type Topic } from './subjects.js';
export { DEFAULT_HEARTBEAT_INTERVAL_MS, DEFAULT_LEASE_MS, type MembershipOptions } from './membership.js';
export { MemoryBus, MemoryHub, type MemoryBusDeps } from './memory-bus.js';
export { NatsBus, type NatsBusDeps, type NatsBusOptions } from './nats-bus.js';
export { connectNats, followNatsStatus, kvReplicas, openKv, type KV, type NatsConnection, type NatsConnectOptions } from './nats-connection.js';
