import { GlideError } from '../core/index.js';
import type { AckMessage, ChatMessage } from './payload-types.js';
import { readChatMessage } from './payloads.js';
import { DIALECTS, type Dialect, type OutboundEnvelope } from './types.js';

/** The idempotency key of a G1 message named by the mid it fetched from msg/id. */
export const midKey = (mid: number): string => `mid:${mid}`;

/** G2 clients name a message by cliMid; G1 clients by the mid they fetched from msg/id. Used for 1:1 and groups. */
export function idempotencyKey(message: ChatMessage): string {
  if (message.cliMid) return message.cliMid;
  if (message.mid !== undefined) return midKey(message.mid);
  throw new GlideError('PROTO_BAD_PAYLOAD', 'cliMid (or a mid from msg/id) is required');
}

/** `message.failed.send`: the server could not accept the message, named the way the client named it. */
export function failedSend(message: ChatMessage, reason: string): OutboundEnvelope {
  return { action: 'message.failed.send', data: { ...(message.cliMid ? { cliMid: message.cliMid } : {}), ...(message.mid ? { mid: message.mid } : {}), reason } };
}

/** `ack.message {cliMid, mid, seq}`: the message is stored under `mid` (1:1, and groups on G2). */
export function sentAck(message: ChatMessage, mid: number, seq: number): OutboundEnvelope {
  // One literal of one shape, no spreads: this runs per message (an absent cliMid is left out by the writers).
  const data: AckMessage = { cliMid: message.cliMid || undefined, mid, seq };
  return { action: 'ack.message', data };
}

/** A stored group post's ack: G1 gets `ack.notify {Seq, Mid}` as its SDK expects for groups, G2 `ack.message`. */
export function groupSentAck(dialect: Dialect, message: ChatMessage, mid: number, seq: number): OutboundEnvelope {
  return dialect === DIALECTS.G1 ? { action: 'ack.notify', data: { mid, seq } } : sentAck(message, mid, seq);
}

/** The mid a recall is acked under: the Android SDK (G1) sends it under its own fresh mid and waits for that one. */
export function recallAckMid(dialect: Dialect, message: ChatMessage, recalledMid: number): number {
  return dialect === DIALECTS.G1 && message.mid !== undefined ? message.mid : recalledMid;
}

/**
 * The answer to a message action refused before it was read (the connection's budget):
 * `message.failed.send` naming the message, or `notify.error` when the payload does not even name one.
 */
export function messageRefusal(data: unknown, reason: string): OutboundEnvelope {
  let message: ChatMessage;
  try {
    message = readChatMessage(data);
  } catch {
    const err = new GlideError('GW_RATE_LIMITED', reason);
    return { action: 'notify.error', msg: err.message, data: { code: err.code, message: err.message } };
  }
  return failedSend(message, reason);
}
