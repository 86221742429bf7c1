import type { ConnectionLookup, ConnRef, Delivery } from '../delivery/index.js';
import { FrameCache } from '../delivery/index.js';
import type { Connection } from '../gateway/index.js';
import type { OutboundEnvelope, PreparedFrame } from '../protocol/index.js';
import { SentSeqs } from './sent-seqs.js';

/**
 * Member connections one tick writes a post to; a bigger fan-out goes on in the next tick, so acks and
 * everyone else's traffic are read in between. Large on purpose: acks read between chunks come one per
 * read (not several per read, as after one long loop) and delay the rest of the post, so small chunks
 * cost CPU per delivery and last-member latency (bench/RESULTS.md, issue-16g2). 5,000: a group of the
 * default 10,000-member limit takes two ticks, each ~100 ms of writes on a quiet machine.
 */
export const FANOUT_CHUNK = 5000;

interface HeldFrame {
  gid: number;
  seq: number;
  frame: PreparedFrame;
}

/** A fan-out still going on: its connections were taken when it started, in order. */
interface FanoutJob {
  conns: Connection[];
  next: number;
  frames: FrameCache;
  gid: number;
  seq: number;
}

/**
 * Group fan-out through `Delivery`: this node's members first, then one peer message per other node
 * with the uids there. Each message is encoded once per (codec, dialect) and the same prepared bytes go
 * to every member connection (each stamps only its own seq). Writes only queue on each connection, so a
 * slow member never delays the others: its bounded queue overflows and it alone is cut off. Fan-outs
 * run in order, at most `chunk` connections a tick, so each connection gets a group's frames in seq order.
 */
export class GroupFanout {
  /** Live group frames held for a connection while its sign-in sync runs. */
  private readonly holding = new WeakMap<Connection, HeldFrame[]>();
  /** Per connection, made by its first group frame: the seqs it was sent, so none goes out twice. */
  private readonly sent = new WeakMap<Connection, SentSeqs>();
  private readonly jobs: FanoutJob[] = [];

  constructor(
    private readonly connections: ConnectionLookup,
    private readonly delivery: Delivery,
    private readonly chunk = FANOUT_CHUNK,
  ) {
    delivery.handle('group', (uids, { envelope, gid, seq }, exceptConnId) => this.deliverHere(uids, envelope, gid, seq, exceptConnId));
  }

  /** Whether `node` is another node that is no longer live (it may have died between a store and its fan-out). */
  isGone(node: number): boolean {
    return this.delivery.isGone(node);
  }

  /** How `except` names a connection of this node. */
  here(conn: Connection): ConnRef {
    return this.delivery.ref(conn);
  }

  /** Why new posts are refused right now (the other nodes are out of reach), or undefined. */
  unavailable(): string | undefined {
    return this.delivery.unavailable();
  }

  /**
   * Sends to every connection of `recipients` except `except`; returns how many connections of this node
   * it goes to (a big fan-out finishes in later ticks).
   */
  deliver(recipients: readonly number[], envelope: OutboundEnvelope, gid: number, seq: number, except?: ConnRef): number {
    return this.delivery.deliver(recipients, { kind: 'group', envelope, gid, seq }, except);
  }

  private deliverHere(recipients: readonly number[], envelope: OutboundEnvelope, gid: number, seq: number, exceptConnId: number | undefined): number {
    const frames = new FrameCache(envelope);
    if (this.jobs.length === 0 && recipients.length <= this.chunk) {
      let count = 0;
      for (const uid of recipients) {
        for (const conn of this.connections.connectionsOf(uid)) {
          if (conn.id !== exceptConnId) {
            if (this.send(conn, frames, gid, seq)) count++;
          } else this.hasOwn(conn, gid, seq);
        }
      }
      return count;
    }
    // Taken now: a connection signing in later gets this message from its sync, not from here.
    const conns: Connection[] = [];
    for (const uid of recipients) {
      for (const conn of this.connections.connectionsOf(uid)) {
        if (conn.id !== exceptConnId) conns.push(conn);
        else this.hasOwn(conn, gid, seq);
      }
    }
    this.jobs.push({ conns, next: 0, frames, gid, seq });
    if (this.jobs.length === 1) this.pump();
    return conns.length;
  }

  /** Writes the next chunk of the queued fan-outs; the gateway flushes it before the next chunk's tick. */
  private readonly pump = (): void => {
    let left = this.chunk;
    while (left > 0 && this.jobs.length > 0) {
      const job = this.jobs[0]!;
      const end = Math.min(job.conns.length, job.next + left);
      left -= end - job.next;
      for (let i = job.next; i < end; i++) this.send(job.conns[i]!, job.frames, job.gid, job.seq);
      job.next = end;
      if (end === job.conns.length) this.jobs.shift();
    }
    if (this.jobs.length > 0) setImmediate(this.pump);
  };

  /** Whether the frame went out now (false: held for a running sync, sent before, or the connection is gone). */
  private send(conn: Connection, frames: FrameCache, gid: number, seq: number): boolean {
    const held = this.holding.get(conn);
    if (held) {
      held.push({ gid, seq, frame: frames.frameFor(conn) });
      return false;
    }
    // seq 0 marks frames outside the sequence (receipts, recalls): they always go out.
    if (seq !== 0 && !this.sentTo(conn).take(gid, seq)) return false;
    return conn.pushPrepared(frames.frameFor(conn));
  }

  /** The sending connection has its own post (acked, not sent): a later seq does not make it a hole. */
  private hasOwn(conn: Connection, gid: number, seq: number): void {
    if (seq !== 0) this.sentTo(conn).take(gid, seq);
  }

  private sentTo(conn: Connection): SentSeqs {
    let sent = this.sent.get(conn);
    if (sent === undefined) this.sent.set(conn, (sent = new SentSeqs()));
    return sent;
  }

  /**
   * Runs a sign-in sync for `conn`: live group frames are held while `pushMissed` sends what the
   * store has (it reports each pushed (gid, seq)); then the held ones the sync did not cover go out.
   */
  async sync(conn: Connection, pushMissed: (pushed: (gid: number, seq: number) => void) => Promise<void>): Promise<void> {
    const held: HeldFrame[] = [];
    this.holding.set(conn, held);
    try {
      await pushMissed((gid, seq) => this.sentTo(conn).take(gid, seq));
    } finally {
      if (this.holding.get(conn) === held) this.holding.delete(conn);
      for (const frame of held) if (frame.seq === 0 || this.sentTo(conn).take(frame.gid, frame.seq)) conn.pushPrepared(frame.frame);
    }
  }
}
