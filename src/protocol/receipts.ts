import { GlideError } from '../core/index.js';
import { ACTIONS } from './actions.js';
import { readAckGroupMsg, readAckRead, readAckRequest } from './payloads.js';
import type { AckRead } from './payload-types.js';
import { DIALECTS, type Dialect } from './types.js';

/**
 * A receipt in our vocabulary: what it acknowledges, whatever the dialect called it.
 * - `chat.delivered`: a 1:1 message reached the device.
 * - `group.delivered`: the member's delivered cursor in `gid` moves to `seq`.
 * - `delivered`: names only a mid, 1:1 or group (G1's `ack.request`): the receiver finds which.
 * - `chat.read` / `group.read`: the `ack.read` of a 1:1 message (`mid`, `from`) or a group (`gid`, `seq`).
 */
export type Receipt =
  | { kind: 'chat.delivered'; mid: number }
  | { kind: 'group.delivered'; gid: number; seq: number }
  | { kind: 'delivered'; mid: number }
  | { kind: 'chat.read'; receipt: AckRead }
  | { kind: 'group.read'; receipt: AckRead };

export const RECEIPT_ACTIONS = [ACTIONS.ACK_REQUEST, ACTIONS.ACK_GROUP_MSG, ACTIONS.ACK_READ] as const;
export type ReceiptAction = (typeof RECEIPT_ACTIONS)[number];

/**
 * Decodes a receipt frame. The Android/Java SDK (dialect G1) swaps the delivery receipts: it answers a
 * 1:1 `message.chat` with `ack.group.msg {Mid, From, Seq}` (no Gid) and a `message.group` with
 * `ack.request {Mid, From}`. On G1 each is taken for what it acknowledges; G2 keeps the strict reading
 * (`ack.group.msg` needs its gid). Bad payloads throw `PROTO_BAD_PAYLOAD`.
 */
export function decodeReceipt(dialect: Dialect, action: ReceiptAction, data: unknown): Receipt {
  if (action === ACTIONS.ACK_REQUEST) {
    const { mid } = readAckRequest(data);
    return dialect === DIALECTS.G1 ? { kind: 'delivered', mid } : { kind: 'chat.delivered', mid };
  }
  if (action === ACTIONS.ACK_GROUP_MSG) {
    const { gid, mid, seq } = readAckGroupMsg(data);
    if (gid !== undefined) return { kind: 'group.delivered', gid, seq };
    if (dialect !== DIALECTS.G1) throw new GlideError('PROTO_BAD_PAYLOAD', 'gid is required');
    return { kind: 'chat.delivered', mid };
  }
  const receipt = readAckRead(data);
  return receipt.gid !== undefined ? { kind: 'group.read', receipt } : { kind: 'chat.read', receipt };
}
