import { TOPIC, type Bus, type NodeId } from '../bus/index.js';
import { GlideError, isGlideError, stacklessError, type CallRetry, type ErrorCode, type Logger, type OwnedCalls, type OwnedKey } from '../core/index.js';
import type { Crossings } from './crossings.js';
import type { Ownership } from './ownership.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface CallWire {
  n: string;
  k: OwnedKey;
  a: unknown;
}

/** Codes after which the procedure did not run: always safe to try the (next) owner. */
const NEVER_RAN: ReadonlySet<ErrorCode> = new Set(['CLUSTER_NOT_OWNER', 'CLUSTER_NO_RESPONDER', 'CLUSTER_UNAVAILABLE']);
/** Codes after which it may have run: only idempotent procedures are repeated. */
const MAYBE_RAN: ReadonlySet<ErrorCode> = new Set(['CLUSTER_TIMEOUT', 'STORE_CONFLICT']);
/** Pauses between attempts: ownership settles within a heartbeat or a lease. */
const BACKOFF_MS = [25, 100, 250, 500, 1_000, 1_000, 1_000];

/** A call made on this node: the owner it went to last (undefined before it is sent). */
interface InFlight {
  target: NodeId | undefined;
  /** The call as sent, encoded on its first trip to another node and reused by its retries. */
  wire: Uint8Array | undefined;
  /** Settles (either way) when the call has; set once the call has started. */
  result: Promise<unknown>;
}

const ignore = (): void => undefined;
const NOT_STARTED: Promise<unknown> = Promise.resolve();

export interface OwnerCallsDeps {
  bus: Bus;
  ownership: Ownership;
  log: Logger;
  timeoutMs: number;
  crossings: Crossings;
}

/**
 * OwnedCalls over the bus: a call goes to the key's owner on the ring (TOPIC.ownerCall); the owner
 * refuses keys it does not own (CLUSTER_NOT_OWNER), so while the node set changes a call is retried on
 * the owner computed next, never served by two nodes at once for long. Store fencing (unique seqs)
 * covers the moment two nodes both believe they own a key: the loser's write fails with
 * STORE_CONFLICT, its state is reloaded, and idempotent calls are repeated.
 */
export class OwnerCalls implements OwnedCalls {
  private readonly handlers = new Map<string, (args: unknown) => Promise<unknown>>();
  /** Per key, this node's unsettled calls in the order they were made. */
  private readonly inFlight = new Map<OwnedKey, InFlight[]>();

  constructor(private readonly deps: OwnerCallsDeps) {
    deps.bus.handle(TOPIC.ownerCall, async (message) => {
      const call = JSON.parse(decoder.decode(message.payload)) as CallWire;
      const handler = this.handlers.get(call.n);
      if (!handler) throw new GlideError('CLUSTER_NO_RESPONDER', `no procedure '${call.n}'`);
      if (!deps.ownership.isMine(call.k)) throw new GlideError('CLUSTER_NOT_OWNER', `key ${call.k}`);
      const result = await handler(call.a);
      return result === undefined ? undefined : encoder.encode(JSON.stringify(result));
    });
  }

  define<A, R>(name: string, retry: CallRetry, handler: (args: A) => Promise<R>): (key: OwnedKey, args: A) => Promise<R> {
    if (this.handlers.has(name)) throw new Error(`procedure '${name}' already defined`);
    this.handlers.set(name, handler as (args: unknown) => Promise<unknown>);
    return (key, args) => {
      let calls = this.inFlight.get(key);
      if (!calls) {
        calls = [];
        this.inFlight.set(key, calls);
      }
      const keyCalls = calls;
      const call: InFlight = { target: undefined, wire: undefined, result: NOT_STARTED };
      keyCalls.push(call);
      const run = async (): Promise<R> => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await this.attempt(name, key, args, handler, keyCalls, call);
          } catch (err) {
            const isRetryable = isGlideError(err) && (NEVER_RAN.has(err.code) || (retry === 'idempotent' && MAYBE_RAN.has(err.code)));
            if (!isRetryable || attempt >= BACKOFF_MS.length) throw err;
            this.deps.log.debug({ name, key, code: err.code, attempt }, 'owner call retried');
            await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS[attempt]));
          }
        }
      };
      const result = run().finally(() => {
        // Calls mostly settle in the order they were made: the first one is the common case.
        keyCalls.splice(keyCalls[0] === call ? 0 : keyCalls.indexOf(call), 1);
        if (keyCalls.length === 0) this.inFlight.delete(key);
      });
      call.result = result;
      return result;
    };
  }

  /**
   * One try on the current owner. A call never overtakes an earlier one of the same key that went to
   * another node (the owner changed meanwhile): that one may still be retried on the new owner, and
   * the calls of a key (one connection's messages of a conversation) must be served in order.
   */
  private async attempt<A, R>(name: string, key: OwnedKey, args: A, handler: (args: A) => Promise<R>, keyCalls: readonly InFlight[], call: InFlight): Promise<R> {
    const { bus, ownership, timeoutMs } = this.deps;
    let owner = ownership.ownerOf(key);
    for (let ahead = blocker(keyCalls, call, owner); ahead; ahead = blocker(keyCalls, call, owner)) {
      await ahead.result.then(ignore, ignore);
      owner = ownership.ownerOf(key);
    }
    call.target = owner;
    if (owner === bus.nodeId) return handler(args);
    this.deps.crossings.count(`call.${name}`, 2);
    try {
      call.wire ??= encoder.encode(JSON.stringify({ n: name, k: key, a: args } satisfies CallWire));
      const reply = await bus.request(owner, TOPIC.ownerCall, call.wire, timeoutMs);
      return (reply.length === 0 ? undefined : JSON.parse(decoder.decode(reply))) as R;
    } catch (err) {
      // The bus appends "(node N)" for its logs; the caller's error text stays the owner's.
      if (isGlideError(err)) throw stacklessError(err.code, err.detail?.replace(/^node \d+$| \(node \d+\)$/, ''), { cause: err });
      throw err;
    }
  }
}

/**
 * The first unsettled call of the key made before `call` that went to another node than `owner` (a scan of
 * the live list: settled calls leave it, later ones follow `call`; no copy per call, issue 17).
 */
function blocker(keyCalls: readonly InFlight[], call: InFlight, owner: NodeId): InFlight | undefined {
  for (const earlier of keyCalls) {
    if (earlier === call) return undefined;
    if (earlier.target !== owner) return earlier;
  }
  return undefined;
}
