import { runInBackground, type Logger } from '../core/index.js';
import { ACTION_COST, type ActionRouter } from '../gateway/index.js';
import type { ChatService } from '../messaging/index.js';
import { decodeReceipt, type Receipt } from '../protocol/index.js';
import type { Connection } from '../gateway/index.js';
import type { GroupReads } from './group-reads.js';
import type { GroupService } from './group-service.js';

/**
 * Receipts of both kinds, 1:1 and group: protocol's `decodeReceipt` says what each acknowledges (the
 * dialects disagree), this sends it to the service that keeps that state.
 */
export function mountReceipts(router: ActionRouter, deps: { chat: ChatService; groups: GroupService; reads: GroupReads; log: Logger }): void {
  const { chat, groups, reads, log } = deps;
  // Delivery acks are cheap but still budgeted, so unbounded spam is refused like any other action.
  const asAck = { cost: ACTION_COST.ack };
  const delivered = (conn: Connection, receipt: Receipt): void => {
    if (receipt.kind === 'group.delivered') return groups.ackDelivered(conn, receipt.gid, receipt.seq);
    if (receipt.kind === 'chat.delivered') {
      // Synchronous while the receipt state is in memory: no promise per ack on the hot path.
      const done = chat.receipt(conn, receipt.mid);
      if (done) runInBackground(log, 'delivery receipt', done);
      return;
    }
    if (receipt.kind !== 'delivered') return;
    const { mid } = receipt;
    runInBackground(log, 'delivery receipt', groups.ackByMid(conn, mid).then((isGroup) => (isGroup ? undefined : chat.receipt(conn, mid))));
  };
  router.on('ack.request', (conn, envelope) => delivered(conn, decodeReceipt(conn.dialect, 'ack.request', envelope.data)), asAck);
  router.on('ack.group.msg', (conn, envelope) => delivered(conn, decodeReceipt(conn.dialect, 'ack.group.msg', envelope.data)), asAck);
  router.on('ack.read', (conn, envelope) => {
    const receipt = decodeReceipt(conn.dialect, 'ack.read', envelope.data);
    if (receipt.kind === 'group.read') return reads.read(conn, receipt.receipt);
    if (receipt.kind === 'chat.read') return chat.read(conn, receipt.receipt);
  });
}
