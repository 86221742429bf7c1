import type { Peer } from './connector.js';

/** Per user for one step: what it sent (sender side) and what it got from its partner (receiver side). */
export interface Track {
  readonly peer: Peer;
  readonly partner: number;
  readonly phaseMs: number;
  /** Messages this user sends in the step: the step's count, or 0 when its pair is not a sender. */
  readonly quota: number;
  sentAt: Float64Array;
  flags: Uint8Array;
  mids: Float64Array;
  /** The receiver's connection session that got message n first (duplicate vs redelivery after reconnect). */
  deliveredIn: Uint16Array;
  /** The receiver's inbox seq of message n (Glide): whether the store kept send order, whatever order pushes came in. */
  seqs: Float64Array;
  midToN: Map<number, number>;
  sentCount: number;
  /** Highest n of this user's messages acked so far. */
  ackedHigh: number;
  /** Receiver side: highest n delivered from the partner, and all n below `contiguous` delivered. */
  highest: number;
  contiguous: number;
  isOnline: boolean;
  droppedAt: number;
  /** performance.now() of the last sign-in after a lost connection (0: never lost one). */
  backAt: number;
  resyncTarget: number;
}

/** A user's empty track: `quota` sends planned, the first at `phaseMs` into each interval. */
export function newTrack(peer: Peer, index: number, quota: number, phaseMs: number): Track {
  return {
    peer,
    partner: index ^ 1,
    phaseMs,
    quota,
    sentAt: new Float64Array(quota),
    flags: new Uint8Array(quota),
    mids: new Float64Array(quota),
    deliveredIn: new Uint16Array(quota),
    seqs: new Float64Array(quota),
    midToN: new Map(),
    sentCount: 0,
    ackedHigh: -1,
    highest: -1,
    contiguous: 0,
    isOnline: peer.socket?.isOpen === true,
    droppedAt: 0,
    backAt: 0,
    resyncTarget: -1,
  };
}
