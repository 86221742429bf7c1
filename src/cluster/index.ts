export { HashRing, DEFAULT_VNODES } from './hash-ring.js';
export { hashKey } from './hash.js';
export { Ownership, type OwnershipChange, type OwnershipDeps, type OwnershipListener } from './ownership.js';
export { NodeIdLease, DEFAULT_NODE_ID_TTL_MS, type NodeIdLeaseDeps, type NodeIdLeaseOptions } from './node-id-lease.js';
export { startPresenceJanitor, type PresenceJanitorDeps } from './presence-janitor.js';
export { PeerRelay } from './peer-relay.js';
export { Crossings } from './crossings.js';
export { OwnerCalls, type OwnerCallsDeps } from './owner-calls.js';
export { joinMemoryCluster, joinNatsCluster, type ClusterNode, type ClusterSettings } from './cluster-node.js';
