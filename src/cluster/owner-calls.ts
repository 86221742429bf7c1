import { TOPIC, type Bus } from '../bus/index.js';
import { GlideError, isGlideError, type CallRetry, type ErrorCode, type Logger, type OwnedCalls, type OwnedKey } from '../core/index.js';
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

export interface OwnerCallsDeps {
  bus: Bus;
  ownership: Ownership;
  log: Logger;
  timeoutMs: number;
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
    return async (key, args) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.attempt(name, key, args, handler);
        } catch (err) {
          const isRetryable = isGlideError(err) && (NEVER_RAN.has(err.code) || (retry === 'idempotent' && MAYBE_RAN.has(err.code)));
          if (!isRetryable || attempt >= BACKOFF_MS.length) throw err;
          this.deps.log.debug({ name, key, code: err.code, attempt }, 'owner call retried');
          await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS[attempt]));
        }
      }
    };
  }

  private async attempt<A, R>(name: string, key: OwnedKey, args: A, handler: (args: A) => Promise<R>): Promise<R> {
    const { bus, ownership, timeoutMs } = this.deps;
    const owner = ownership.ownerOf(key);
    if (owner === bus.nodeId) return handler(args);
    try {
      const reply = await bus.request(owner, TOPIC.ownerCall, encoder.encode(JSON.stringify({ n: name, k: key, a: args } satisfies CallWire)), timeoutMs);
      return (reply.length === 0 ? undefined : JSON.parse(decoder.decode(reply))) as R;
    } catch (err) {
      // The bus appends "(node N)" for its logs; the caller's error text stays the owner's.
      if (isGlideError(err)) throw new GlideError(err.code, err.message.replace(/^[^:]*: /, '').replace(/ \(node \d+\)$/, ''), { cause: err });
      throw err;
    }
  }
}
