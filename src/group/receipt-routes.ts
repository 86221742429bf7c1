import { GlideError, runInBackground, type Logger } from '../core/index.js';
import { ACTION_COST, type ActionRouter } from '../gateway/index.js';
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
  // Acks are cheap but still budgeted, so unbounded spam is refused like any other action.
  const asAck = { cost: ACTION_COST.ack };
  router.on(
    'ack.request',
    (conn, envelope) => {
      const { mid } = readAckRequest(envelope.data);
      if (conn.dialect !== DIALECTS.G1) {
        // Synchronous while the receipt state is in memory: no promise per ack on the hot path.
        const done = chat.receipt(conn, mid);
        if (done) runInBackground(log, 'ack.request', done);
        return;
      }
      const receipt = groups.ackByMid(conn, mid).then((isGroup) => (isGroup ? undefined : chat.receipt(conn, mid)));
      runInBackground(log, 'ack.request', receipt);
    },
    asAck,
  );
  router.on(
    'ack.group.msg',
    (conn, envelope) => {
      const { gid, mid, seq } = readAckGroupMsg(envelope.data);
      if (gid !== undefined) return groups.ackDelivered(conn, gid, seq);
      if (conn.dialect !== DIALECTS.G1) throw new GlideError('PROTO_BAD_PAYLOAD', 'gid is required');
      const done = chat.receipt(conn, mid);
      if (done) runInBackground(log, 'ack.group.msg', done);
    },
    asAck,
  );
}
