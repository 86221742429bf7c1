import { GlideError, runInBackground, type Logger } from '../core/index.js';
import type { ActionRouter } from '../gateway/index.js';
import type { ChatService } from '../messaging/index.js';
import { DIALECTS, readAckGroupMsg, readAckRequest } from '../protocol/index.js';
import type { GroupService } from './group-service.js';

/**
 * Delivery receipts of both kinds. The Android/Java SDK (dialect G1) swaps them: it answers a 1:1
 * `message.chat` with `ack.group.msg {Mid, From, Seq}` (no Gid) and a `message.group` with
 * `ack.request {Mid, From}`. On a G1 connection each is taken for what it acknowledges; G2 keeps the
 * strict reading (`ack.group.msg` needs its gid).
 */
export function mountReceipts(router: ActionRouter, deps: { chat: ChatService; groups: GroupService; log: Logger }): void {
  const { chat, groups, log } = deps;
  router.on('ack.request', (conn, envelope) => {
    const { mid } = readAckRequest(envelope.data);
    if (conn.dialect !== DIALECTS.G1) return runInBackground(log, 'ack.request', chat.receipt(conn, mid));
    const receipt = groups.ackByMid(conn, mid).then((isGroup) => (isGroup ? undefined : chat.receipt(conn, mid)));
    runInBackground(log, 'ack.request', receipt);
  });
  router.on('ack.group.msg', (conn, envelope) => {
    const { gid, mid, seq } = readAckGroupMsg(envelope.data);
    if (gid !== undefined) return groups.ackDelivered(conn, gid, seq);
    if (conn.dialect !== DIALECTS.G1) throw new GlideError('PROTO_BAD_PAYLOAD', 'gid is required');
    runInBackground(log, 'ack.group.msg', chat.receipt(conn, mid));
  });
}
