import type { Clock, ErrorCode } from '../core/index.js';

/** How client addresses are judged; the composition root builds it from `auth.trustedAddresses`. */
export interface AddressPolicy {
  /** Exempt from the per-address limits (proxies, load generators). */
  isTrusted(ip: string): boolean;
  /** The bucket an address is counted in (IPv6 per /64). */
  bucketOf(ip: string): string;
}

export interface AdmissionLimits {
  maxConnections: number;
  maxConnectionsPerIp: number;
  connectionsPerIpPerSecond: number;
  /** New sockets per second on this node from all addresses, trusted ones included (burst of one second). */
  acceptsPerSecond: number;
}

/** Why a socket was turned away: a catalog code and a metric label. */
export const REFUSALS = {
  NODE_FULL: { code: 'GW_NODE_FULL', label: 'max_connections' },
  IP_CONNECTIONS: { code: 'GW_IP_CONNECTIONS', label: 'ip_connections' },
  IP_RATE: { code: 'GW_IP_RATE', label: 'ip_rate' },
  NODE_RATE: { code: 'GW_NODE_RATE', label: 'node_rate' },
  SIGNIN_BACKLOG: { code: 'AUTH_SIGNIN_BUSY', label: 'signin_backlog' },
} as const satisfies Record<string, { code: ErrorCode; label: string }>;

export type Refusal = (typeof REFUSALS)[keyof typeof REFUSALS];

/** A refusal's `retryAfterMs`: when the client may come back (the transport's Retry-After), for the refusals that know. */
export type AdmissionResult = { isAdmitted: true; release: () => void } | { isAdmitted: false; refusal: Refusal; retryAfterMs?: number };

/** The node's accept rate refills within a second. */
const NODE_RATE_RETRY_MS = 1_000;

interface Bucket {
  open: number;
  /** Connection tokens left; refills at the per-second rate up to one second's worth. */
  tokens: number;
  updatedAt: number;
}

/**
 * Decides whether a new socket may open: node-wide count, then per-address count and rate (token
 * bucket), then the node-wide rate (a token bucket that spreads a reconnect storm, e.g. the clients of a
 * dead node arriving at once, over time instead of signing them all in on one event-loop turn). A socket counts from admission (before its handshake or preface) until `release`.
 * Buckets live while the address has sockets or an unfilled bucket; `prune` drops the rest, so the
 * map holds at most the open addresses plus those that connected in the last second or so.
 */
export class ConnectionAdmission {
  private open = 0;
  private readonly buckets = new Map<string, Bucket>();
  private readonly node: Bucket;

  /**
   * `signinBacklogMs`: how long new clients should stay away because this node's sign-in line is
   * backed up (undefined: it is not). A socket let in then would wait in that line until the auth
   * timeout closed it; refused, the client comes back when told (or tries another node).
   */
  constructor(
    private readonly limits: AdmissionLimits,
    private readonly addresses: AddressPolicy,
    private readonly clock: Clock,
    private readonly signinBacklogMs: () => number | undefined = () => undefined,
  ) {
    this.node = { open: 0, tokens: limits.acceptsPerSecond, updatedAt: clock.now() };
  }

  /** Sockets admitted and not yet released. */
  get size(): number {
    return this.open;
  }

  /** Addresses tracked for per-address limits. */
  get trackedAddresses(): number {
    return this.buckets.size;
  }

  admit(ip: string): AdmissionResult {
    if (this.open >= this.limits.maxConnections) return { isAdmitted: false, refusal: REFUSALS.NODE_FULL };
    const backlogMs = this.signinBacklogMs();
    if (backlogMs !== undefined) return { isAdmitted: false, refusal: REFUSALS.SIGNIN_BACKLOG, retryAfterMs: backlogMs };
    let bucket: Bucket | undefined;
    let key = '';
    if (!this.addresses.isTrusted(ip)) {
      key = this.addresses.bucketOf(ip);
      bucket = this.refilled(key);
      if (bucket.open >= this.limits.maxConnectionsPerIp) return { isAdmitted: false, refusal: REFUSALS.IP_CONNECTIONS };
      if (bucket.tokens < 1) return { isAdmitted: false, refusal: REFUSALS.IP_RATE };
    }
    const now = this.clock.now();
    this.node.tokens = Math.min(this.limits.acceptsPerSecond, this.node.tokens + (Math.max(0, now - this.node.updatedAt) * this.limits.acceptsPerSecond) / 1000);
    this.node.updatedAt = now;
    if (this.node.tokens < 1) return { isAdmitted: false, refusal: REFUSALS.NODE_RATE, retryAfterMs: NODE_RATE_RETRY_MS };
    this.node.tokens -= 1;
    if (bucket) {
      bucket.tokens -= 1;
      bucket.open += 1;
      this.buckets.set(key, bucket);
    }
    this.open += 1;
    let isReleased = false;
    const held = bucket;
    return {
      isAdmitted: true,
      release: () => {
        if (isReleased) return;
        isReleased = true;
        this.open -= 1;
        // The bucket object stays the one in the map while open > 0, so this needs no lookup.
        if (held) held.open -= 1;
      },
    };
  }

  /** Forgets addresses with no open socket and a full bucket. Called from the gateway's sweep. */
  prune(): void {
    const now = this.clock.now();
    for (const [key, bucket] of this.buckets) {
      if (bucket.open === 0 && this.tokensAt(bucket, now) >= this.limits.connectionsPerIpPerSecond) this.buckets.delete(key);
    }
  }

  private refilled(key: string): Bucket {
    const now = this.clock.now();
    const bucket = this.buckets.get(key);
    if (!bucket) return { open: 0, tokens: this.limits.connectionsPerIpPerSecond, updatedAt: now };
    bucket.tokens = this.tokensAt(bucket, now);
    bucket.updatedAt = now;
    return bucket;
  }

  private tokensAt(bucket: Bucket, now: number): number {
    const rate = this.limits.connectionsPerIpPerSecond;
    return Math.min(rate, bucket.tokens + (Math.max(0, now - bucket.updatedAt) * rate) / 1000);
  }
}
