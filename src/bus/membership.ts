import { randomUUID } from 'node:crypto';
import type { Clock, Logger } from '../core/index.js';
import type { MembershipListener, NodeId } from './types.js';

/** What a node says about itself in heartbeats, hellos and leaves. */
export interface Heartbeat {
  readonly node: NodeId;
  /** Random per process start: tells a restarted node (or a duplicate id) from the old one. */
  readonly incarnation: string;
  /** How long peers keep this node without hearing from it. */
  readonly leaseMs: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeHeartbeat(hb: Heartbeat): Uint8Array {
  return encoder.encode(JSON.stringify({ n: hb.node, i: hb.incarnation, l: hb.leaseMs }));
}

/** Undefined for anything that is not a heartbeat (another version, garbage): ignored, not fatal. */
export function decodeHeartbeat(bytes: Uint8Array): Heartbeat | undefined {
  try {
    const raw = JSON.parse(decoder.decode(bytes)) as { n?: unknown; i?: unknown; l?: unknown };
    if (!Number.isInteger(raw.n) || typeof raw.i !== 'string' || typeof raw.l !== 'number' || !(raw.l > 0)) return undefined;
    return { node: raw.n as number, incarnation: raw.i, leaseMs: raw.l };
  } catch {
    return undefined;
  }
}

export type HeartbeatResult = 'new' | 'known' | 'self' | 'conflict';

/**
 * One node's view of the live node set, fed by heartbeats from whatever transport. Leases are
 * measured on this node's clock from when a heartbeat arrived, so clock skew between nodes is
 * harmless. Events go out synchronously, in the order the changes happen.
 */
export class Membership {
  private readonly peers = new Map<NodeId, { incarnation: string; expiresAt: number; leaseMs: number }>();
  private readonly listeners = new Set<MembershipListener>();
  private sorted: readonly NodeId[];
  private isPaused = false;

  constructor(
    private readonly self: Heartbeat,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.sorted = [self.node];
  }

  members(): readonly NodeId[] {
    return this.sorted;
  }

  has(node: NodeId): boolean {
    return node === this.self.node || this.peers.has(node);
  }

  /**
   * Records a heartbeat. 'new' means the sender was not known (or restarted): the caller answers
   * with its own heartbeat so the newcomer learns it without waiting a period. 'conflict' means
   * another process claims this node's id.
   */
  heartbeat(hb: Heartbeat): HeartbeatResult {
    if (hb.node === this.self.node) return hb.incarnation === this.self.incarnation ? 'self' : 'conflict';
    const expiresAt = this.clock.now() + hb.leaseMs;
    const known = this.peers.get(hb.node);
    if (known && known.incarnation === hb.incarnation) {
      known.expiresAt = expiresAt;
      known.leaseMs = hb.leaseMs;
      return 'known';
    }
    // A new incarnation under a known id is a restart: the old process is gone, its state with it.
    if (known) this.remove(hb.node);
    this.peers.set(hb.node, { incarnation: hb.incarnation, expiresAt, leaseMs: hb.leaseMs });
    this.changed('join', hb.node);
    return 'new';
  }

  /** A node said goodbye. A leave from an older incarnation than the one known is stale and ignored. */
  leave(node: NodeId, incarnation: string): void {
    if (this.peers.get(node)?.incarnation === incarnation) this.remove(node);
  }

  /** Drops every peer whose lease ran out. Does nothing while paused. */
  expire(): void {
    if (this.isPaused) return;
    const now = this.clock.now();
    for (const [node, peer] of this.peers) if (peer.expiresAt <= now) this.remove(node);
  }

  /** This node lost its transport: it cannot tell who is alive, so nobody expires meanwhile. */
  pause(): void {
    this.isPaused = true;
  }

  /** Back online: everyone gets a fresh lease to show up again. */
  resume(): void {
    this.isPaused = false;
    const now = this.clock.now();
    for (const peer of this.peers.values()) peer.expiresAt = now + peer.leaseMs;
  }

  onChange(listener: MembershipListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets every peer without events (this node is closing) and drops the listeners. */
  clear(): void {
    this.listeners.clear();
    this.peers.clear();
    this.sorted = [this.self.node];
  }

  private remove(node: NodeId): void {
    this.peers.delete(node);
    this.changed('leave', node);
  }

  private changed(kind: 'join' | 'leave', node: NodeId): void {
    this.sorted = [this.self.node, ...this.peers.keys()].sort((a, b) => a - b);
    const event = { kind, node, members: this.sorted };
    this.log.info({ node, members: this.sorted }, kind === 'join' ? 'node joined' : 'node left');
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.log.error({ err, node }, 'membership listener failed');
      }
    }
  }
}

/** Timing every bus engine takes. */
export interface MembershipOptions {
  nodeId: NodeId;
  /** How often this node says it is alive. */
  heartbeatIntervalMs?: number;
  /** How long peers keep this node without a heartbeat; more than two intervals. */
  leaseMs?: number;
}

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 1_000;
export const DEFAULT_LEASE_MS = 4_000;

/** Fills defaults and checks them once; a bad value is a configuration bug. */
export function membershipTiming(options: MembershipOptions): { heartbeatIntervalMs: number; leaseMs: number } {
  const { nodeId, heartbeatIntervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS, leaseMs = DEFAULT_LEASE_MS } = options;
  if (!Number.isInteger(nodeId) || nodeId < 0) throw new Error(`node id must be a non-negative integer, got ${nodeId}`);
  if (!(heartbeatIntervalMs > 0) || !(leaseMs > 2 * heartbeatIntervalMs)) {
    throw new Error(`leaseMs (${leaseMs}) must exceed two heartbeat intervals (${heartbeatIntervalMs})`);
  }
  return { heartbeatIntervalMs, leaseMs };
}

/** A random incarnation tag for one process start. */
export function newIncarnation(): string {
  return randomUUID();
}
