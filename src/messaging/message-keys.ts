import { GlideError } from '../core/index.js';
import type { Connection } from '../gateway/index.js';
import { readChatMessage, type ChatMessage as WireChat, type Envelope, type OutboundEnvelope } from '../protocol/index.js';

/** The idempotency key of a G1 message named by the mid it fetched from msg/id. */
export const midKey = (mid: number): string => `mid:${mid}`;

/** G2 clients name a message by cliMid; G1 clients by the mid they fetched from msg/id. Used for 1:1 and groups. */
export function idempotencyKey(message: WireChat): string {
  if (message.cliMid) return message.cliMid;
  if (message.mid !== undefined) return midKey(message.mid);
  throw new GlideError('PROTO_BAD_PAYLOAD', 'cliMid (or a mid from msg/id) is required');
}

/** `message.failed.send`: the server could not accept the message, named the way the client named it. */
export function failedSend(message: WireChat, reason: string): OutboundEnvelope {
  return { action: 'message.failed.send', data: { ...(message.cliMid ? { cliMid: message.cliMid } : {}), ...(message.mid ? { mid: message.mid } : {}), reason } };
}

/**
 * Answers a message action the connection's budget refused: `message.failed.send` naming the message
 * (with the request's seq), or `notify.error` when the frame does not even name one.
 */
export function refuseMessageFrame(conn: Connection, envelope: Envelope, reason: string): void {
  let message: WireChat;
  try {
    message = readChatMessage(envelope.data);
  } catch {
    const err = new GlideError('GW_RATE_LIMITED', reason);
    conn.reply(envelope.seq, { action: 'notify.error', msg: err.message, data: { code: err.code, message: err.message } });
    return;
  }
  conn.reply(envelope.seq, failedSend(message, reason));
}
