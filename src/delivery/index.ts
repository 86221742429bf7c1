export { Delivery, FrameCache, type ConnectionLookup, type ConnRef, type LocalHandler } from './delivery.js';
export { LocalPeers, type Peers } from './peers.js';
export { readPeerMessage, type Deliverable, type DeliverableKind, type DeliverableOf, type PeerMessage, type PeerMessageOf, type PeerMessageType } from './peer-messages.js';
