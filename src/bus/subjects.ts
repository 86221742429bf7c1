import type { NodeId } from './types.js';

/**
 * Every name Glide puts on NATS: bus topics, subjects and KV buckets. One cluster = one prefix, so
 * several clusters (or test runs) can share a NATS server without hearing each other.
 */
export const DEFAULT_CLUSTER_PREFIX = 'glide';

/** Bus topics the areas use (handlers register these names). */
export const TOPIC = {
  /** Encoded frames for connections on the receiving node (1:1 and group delivery). */
  deliver: 'msg.deliver',
  /** Work for the owner of a uid or gid (seq allocation, group fan-out). */
  ownerCall: 'owner.call',
  /** Close a user's connections on the receiving node (device policy, token revoke). */
  kick: 'auth.kick',
  /** Per-node figures gathered for app/info. */
  nodeInfo: 'app.info',
} as const;
export type Topic = (typeof TOPIC)[keyof typeof TOPIC];

const TOPIC_RE = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const PREFIX_RE = /^[A-Za-z0-9_-]+$/;

/** Throws (a bug, not a runtime condition) when a topic would not be a plain NATS subject. */
export function checkTopic(topic: string): void {
  if (!TOPIC_RE.test(topic)) throw new Error(`bad bus topic '${topic}': dot-separated tokens of [A-Za-z0-9_-] only`);
}

export function checkPrefix(prefix: string): void {
  if (!PREFIX_RE.test(prefix)) throw new Error(`bad cluster prefix '${prefix}': [A-Za-z0-9_-] only`);
}

/**
 * Subjects of one cluster. The sender is a subject token so receivers learn it without headers:
 *   <p>.n.<to>.<from>           a batch of frames (publish, request, reply) for one node (bus/frames.ts)
 *   <p>.b.<from>                a broadcast (one frame)
 *   <p>.nr.<from>.<seq>         reply subject of a batch holding requests: NATS answers "no responders" here
 *   <p>.sys.hb                  heartbeat (every node, every heartbeatIntervalMs)
 *   <p>.sys.hello               a starting node asks the live ones to answer with a heartbeat
 *   <p>.sys.leave               a closing node leaves at once
 */
export class Subjects {
  readonly heartbeat: string;
  readonly hello: string;
  readonly leave: string;

  constructor(readonly prefix: string) {
    checkPrefix(prefix);
    this.heartbeat = `${prefix}.sys.hb`;
    this.hello = `${prefix}.sys.hello`;
    this.leave = `${prefix}.sys.leave`;
  }

  toNode(to: NodeId, from: NodeId): string {
    return `${this.prefix}.n.${to}.${from}`;
  }

  broadcast(from: NodeId): string {
    return `${this.prefix}.b.${from}`;
  }

  noResponders(from: NodeId, seq: number): string {
    return `${this.prefix}.nr.${from}.${seq}`;
  }

  /** Subscription for batches sent to `me` by anyone; the sender token starts at `toNodeFromOffset(me)`. */
  toNodeFilter(me: NodeId): string {
    return `${this.prefix}.n.${me}.*`;
  }

  toNodeFromOffset(me: NodeId): number {
    return `${this.prefix}.n.${me}.`.length;
  }

  broadcastFilter(): string {
    return `${this.prefix}.b.*`;
  }

  broadcastFromOffset(): number {
    return `${this.prefix}.b.`.length;
  }

  noRespondersFilter(me: NodeId): string {
    return `${this.prefix}.nr.${me}.*`;
  }

  noRespondersSeqOffset(me: NodeId): number {
    return `${this.prefix}.nr.${me}.`.length;
  }
}

/** Reads the sender token that starts at `offset` (a subject built above; the token may end the subject). */
export function senderAt(subject: string, offset: number): NodeId {
  const end = subject.indexOf('.', offset);
  return Number(end < 0 ? subject.slice(offset) : subject.slice(offset, end));
}
/**
 * JetStream KV buckets of one cluster (bucket names allow [A-Za-z0-9_-]). Every one is `<prefix>_<name>`:
 * the bench drops a run's buckets by that prefix alone.
 */
export function presenceBucket(prefix: string): string {
  return `${prefix}_presence`;
}

export function nodeIdBucket(prefix: string): string {
  return `${prefix}_node_ids`;
}
