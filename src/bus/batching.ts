import { stacklessError, type GlideError, type Logger } from '../core/index.js';
import { dispatch, replyError, type Reply } from './dispatch.js';
import { decodeBatch, encodeBatch, FrameKind, frameSize, type Frame } from './frames.js';
import { BusKind, type BusHandler, type NodeId } from './types.js';

/**
 * What both bus engines share: frames to one node wait for the end of the event-loop turn and leave as
 * one batch (frames.ts); requests are frames paired with reply frames by id; a batch that arrives is
 * dispatched frame by frame, in order. The engine only moves batches (NATS subjects, or a MemoryHub).
 */

/** Kept under NATS's default max_payload (1 MiB); a larger single frame goes alone (and NATS refuses it, as before). */
const MAX_BATCH_BYTES = 512 * 1024;
const EMPTY = new Uint8Array(0);
const encoder = new TextEncoder();

/**
 * Moves one batch to `node`; `requestIds` are the requests in it, so the engine can fail them at once when
 * nobody takes the batch. A throw is logged and the batch is lost (at most once), its requests time out.
 */
export type SendBatch = (node: NodeId, batch: Uint8Array, requestIds: readonly number[]) => void;

/**
 * Frames per destination node, flushed as batches at the end of the event-loop turn (setImmediate), in order;
 * with `gatherMs`, no sooner than that after the previous flush. A node that keeps up with its load gets one
 * input per turn (a client frame, a NATS message, a commit), so without the floor a batch carried one or two
 * frames, each its own NATS message: a socket write on the sender, a read, route and write in NATS, and a
 * wake-up and a read on the receiver. After a quiet spell a frame still leaves at the end of its turn.
 */
export class Outbox {
  private readonly queued = new Map<NodeId, Frame[]>();
  private isScheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private lastFlushAt = -Infinity;
  private readonly flushNow = (): void => this.flush();

  constructor(
    private readonly send: SendBatch,
    private readonly log: Logger,
    private readonly gatherMs = 0,
  ) {}

  add(node: NodeId, frame: Frame): void {
    let frames = this.queued.get(node);
    if (!frames) this.queued.set(node, (frames = []));
    frames.push(frame);
    if (!this.isScheduled) {
      this.isScheduled = true;
      const waitMs = this.lastFlushAt + this.gatherMs - performance.now();
      if (waitMs >= 1) this.timer = setTimeout(this.flushNow, waitMs);
      else setImmediate(this.flushNow);
    }
  }

  /** Sends everything queued now (also before a broadcast, which must not overtake earlier sends). */
  flush(): void {
    this.isScheduled = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queued.size === 0) return;
    this.lastFlushAt = performance.now();
    const all = [...this.queued];
    this.queued.clear();
    for (const [node, frames] of all) {
      let start = 0;
      while (start < frames.length) {
        let end = start;
        let bytes = 0;
        while (end < frames.length && (end === start || bytes + frameSize(frames[end]!) <= MAX_BATCH_BYTES)) bytes += frameSize(frames[end++]!);
        const part = frames.slice(start, end);
        const ids = part.filter((f) => f.kind === FrameKind.request).map((f) => f.id);
        try {
          this.send(node, encodeBatch(part), ids);
        } catch (err) {
          this.log.debug({ err, node, frames: part.length }, 'bus batch not sent');
        }
        start = end;
      }
    }
  }

  /** Drops what is queued (the link is gone, or the bus closed after its last flush). */
  clear(): void {
    this.queued.clear();
    this.isScheduled = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

interface Pending {
  readonly node: NodeId;
  readonly topic: string;
  readonly resolve: (payload: Uint8Array) => void;
  readonly reject: (err: GlideError) => void;
  readonly timeoutMs: number;
  /** Date.now() after which it fails with CLUSTER_TIMEOUT. */
  readonly deadline: number;
  /** The NATS batch that carried it (for a "no responders" answer); 0 before it is sent. */
  batch: number;
}

/**
 * This node's requests waiting for a reply frame, by id. Their timeouts share ONE timer, armed for the
 * earliest deadline: a timer per request (set, then cleared by its reply) cost ~3 % of a cluster node's CPU.
 */
export class PendingRequests {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  /** A new request id and the promise its reply (or failure) settles. */
  open(node: NodeId, topic: string, timeoutMs: number): { id: number; reply: Promise<Uint8Array> } {
    const id = this.nextId;
    this.nextId = this.nextId >= 0xffff_ffff ? 1 : this.nextId + 1;
    const deadline = Date.now() + timeoutMs;
    const reply = new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { node, topic, resolve, reject, timeoutMs, deadline, batch: 0 });
    });
    if (deadline < this.timerAt) this.arm(deadline);
    return { id, reply };
  }

  /** A reply frame from `from`; one for a request that already settled (timed out) is ignored. */
  settle(frame: Frame, from: NodeId): void {
    const entry = this.pending.get(frame.id);
    if (!entry || entry.node !== from) return;
    this.pending.delete(frame.id);
    if (frame.kind === FrameKind.replyOk) entry.resolve(frame.payload);
    else entry.reject(replyError(frame.topic, new TextDecoder().decode(frame.payload), from));
  }

  /** Fails `ids` with a code saying they never ran (nobody took their batch, or it was not sent). */
  fail(ids: readonly number[], code: 'CLUSTER_NO_RESPONDER' | 'CLUSTER_UNAVAILABLE'): void {
    for (const id of ids) {
      const entry = this.pending.get(id);
      if (entry) this.reject(id, stacklessError(code, `${entry.topic} on node ${entry.node}`));
    }
  }

  tagBatch(ids: readonly number[], batch: number): void {
    for (const id of ids) {
      const entry = this.pending.get(id);
      if (entry) entry.batch = batch;
    }
  }

  /** NATS found no subscriber for the batch numbered `batch`: its requests never ran. Rare, so a scan. */
  noResponderBatch(batch: number): void {
    const ids: number[] = [];
    for (const [id, entry] of this.pending) if (entry.batch === batch) ids.push(id);
    this.fail(ids, 'CLUSTER_NO_RESPONDER');
  }

  failAll(err: () => GlideError): void {
    for (const id of [...this.pending.keys()]) this.reject(id, err());
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private reject(id: number, err: GlideError): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    entry.reject(err);
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.expire(), Math.max(0, at - Date.now()));
  }

  /** Fails the requests past their deadline and arms the timer for the next one (a scan: it runs about once per timeout). */
  private expire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = Date.now();
    let next = Infinity;
    for (const [id, entry] of this.pending) {
      if (entry.deadline <= now) this.reject(id, stacklessError('CLUSTER_TIMEOUT', `${entry.topic} on node ${entry.node} after ${entry.timeoutMs} ms`));
      else next = Math.min(next, entry.deadline);
    }
    if (next < Infinity) this.arm(next);
  }
}

function replyFrame(id: number, reply: Reply): Frame {
  return reply.ok
    ? { kind: FrameKind.replyOk, id, topic: '', payload: reply.payload }
    : { kind: FrameKind.replyError, id, topic: reply.code, payload: reply.detail ? encoder.encode(reply.detail) : EMPTY };
}

/**
 * Dispatches one arrived batch: each frame to its topic's handler (a request without one is answered
 * CLUSTER_NO_RESPONDER: it did not run), replies to the waiting requests. Replies leave through `outbox`.
 */
export function receiveBatch(
  batch: Uint8Array,
  from: NodeId,
  deps: { handlers: ReadonlyMap<string, BusHandler>; pending: PendingRequests; outbox: Outbox; log: Logger; nodeId: NodeId },
): void {
  decodeBatch(batch, (frame) => {
    if (frame.kind === FrameKind.replyOk || frame.kind === FrameKind.replyError) {
      deps.pending.settle(frame, from);
      return;
    }
    const handler = deps.handlers.get(frame.topic);
    const isRequest = frame.kind === FrameKind.request;
    if (!handler) {
      if (isRequest) deps.outbox.add(from, replyFrame(frame.id, { ok: false, code: 'CLUSTER_NO_RESPONDER', detail: `${frame.topic} on node ${deps.nodeId}` }));
      return;
    }
    const kind = isRequest ? BusKind.request : frame.kind === FrameKind.broadcast ? BusKind.broadcast : BusKind.publish;
    const message = { topic: frame.topic, kind, from, payload: frame.payload };
    dispatch(handler, message, deps.log, isRequest ? (reply) => deps.outbox.add(from, replyFrame(frame.id, reply)) : undefined);
  });
}
