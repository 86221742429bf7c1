import { ERROR_CATALOG, isGlideError, stacklessError, type ErrorCode, type GlideError, type Logger } from '../core/index.js';
import type { BusHandler, BusMessage, NodeId, StatusListener } from './types.js';

/** What a request handler produced, in the shape both engines carry back to the requester. */
export type Reply = { readonly ok: true; readonly payload: Uint8Array } | { readonly ok: false; readonly code: string; readonly detail: string };

const EMPTY = new Uint8Array(0);

function isPromise(value: unknown): value is Promise<Uint8Array | void> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

/** The error part of a reply: a GlideError keeps its code and detail; anything else is a bug, logged here. */
function failure(err: unknown, message: BusMessage, log: Logger): Reply {
  if (isGlideError(err)) {
    const prefix = ERROR_CATALOG[err.code].message;
    const detail = err.message === prefix ? '' : err.message.startsWith(`${prefix}: `) ? err.message.slice(prefix.length + 2) : err.message;
    return { ok: false, code: err.code, detail };
  }
  log.error({ err, topic: message.topic, from: message.from }, 'bus handler failed');
  return { ok: false, code: 'CLUSTER_REMOTE_FAILED', detail: `${message.topic} handler failed` };
}

/**
 * Calls `handler` for one message. Without `onReply` (publish, broadcast) a failure is logged;
 * with it (request) the outcome goes back as a Reply. No promise is made when the handler is sync.
 */
export function dispatch(handler: BusHandler, message: BusMessage, log: Logger, onReply?: (reply: Reply) => void): void {
  let result: ReturnType<BusHandler>;
  try {
    result = handler(message);
  } catch (err) {
    if (onReply) onReply(failure(err, message, log));
    else log.warn({ err, topic: message.topic, from: message.from }, 'bus handler failed');
    return;
  }
  if (!isPromise(result)) {
    onReply?.({ ok: true, payload: result ?? EMPTY });
    return;
  }
  result.then(
    (payload) => onReply?.({ ok: true, payload: payload ?? EMPTY }),
    (err: unknown) => {
      if (onReply) onReply(failure(err, message, log));
      else log.warn({ err, topic: message.topic, from: message.from }, 'bus handler failed');
    },
  );
}

/** The requester's side of a failed reply: the same code when it is ours, else CLUSTER_REMOTE_FAILED. */
export function replyError(code: string, detail: string, from: NodeId): GlideError {
  const known = Object.hasOwn(ERROR_CATALOG, code) ? (code as ErrorCode) : 'CLUSTER_REMOTE_FAILED';
  return stacklessError(known, detail ? `${detail} (node ${from})` : `node ${from}`);
}

/** Tells status listeners; one that throws is logged and does not stop the others. */
export function notifyStatus(listeners: Iterable<StatusListener>, isConnected: boolean, log: Logger): void {
  for (const listener of listeners) {
    try {
      listener(isConnected);
    } catch (err) {
      log.error({ err }, 'bus status listener failed');
    }
  }
}
