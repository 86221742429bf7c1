import { describe, expect, it } from 'vitest';
import { decodeReceipt } from './receipts.js';
import { groupSentAck, messageRefusal, recallAckMid } from './message-replies.js';
import { DIALECTS } from './types.js';

describe('decodeReceipt', () => {
  it('reads ack.request as a 1:1 receipt on G2 and as a mid of either kind on G1', () => {
    expect(decodeReceipt(DIALECTS.G2, 'ack.request', { mid: 7, from: '2' })).toEqual({ kind: 'chat.delivered', mid: 7 });
    expect(decodeReceipt(DIALECTS.G1, 'ack.request', { Mid: 7, From: 2 })).toEqual({ kind: 'delivered', mid: 7 });
  });

  it('reads a gid-less ack.group.msg as a 1:1 receipt on G1 and refuses it on G2', () => {
    expect(decodeReceipt(DIALECTS.G1, 'ack.group.msg', { Mid: 7, From: 2, Seq: 3 })).toEqual({ kind: 'chat.delivered', mid: 7 });
    expect(decodeReceipt(DIALECTS.G2, 'ack.group.msg', { gid: '9', mid: 7, seq: 3 })).toEqual({ kind: 'group.delivered', gid: 9, seq: 3 });
    expect(() => decodeReceipt(DIALECTS.G2, 'ack.group.msg', { mid: 7, seq: 3 })).toThrow(expect.objectContaining({ code: 'PROTO_BAD_PAYLOAD' }));
  });

  it('sends ack.read with a gid to groups and without one to 1:1', () => {
    expect(decodeReceipt(DIALECTS.G2, 'ack.read', { gid: '9', seq: 3 }).kind).toBe('group.read');
    expect(decodeReceipt(DIALECTS.G2, 'ack.read', { mid: 7, from: '2' }).kind).toBe('chat.read');
  });
});

describe('message replies', () => {
  it('acks a group post with ack.notify on G1 and ack.message on G2', () => {
    expect(groupSentAck(DIALECTS.G1, { cliMid: 'c', type: 1, content: 'x' }, 5, 6)).toEqual({ action: 'ack.notify', data: { mid: 5, seq: 6 } });
    expect(groupSentAck(DIALECTS.G2, { cliMid: 'c', type: 1, content: 'x' }, 5, 6)).toEqual({ action: 'ack.message', data: { cliMid: 'c', mid: 5, seq: 6 } });
  });

  it('acks a G1 recall under the mid it was sent with', () => {
    expect(recallAckMid(DIALECTS.G1, { mid: 11, type: 1, content: 'x' }, 5)).toBe(11);
    expect(recallAckMid(DIALECTS.G2, { mid: 11, type: 1, content: 'x' }, 5)).toBe(5);
  });

  it('answers a refused frame that names no message with notify.error', () => {
    expect(messageRefusal({ nonsense: true }, 'too fast').action).toBe('notify.error');
    expect(messageRefusal({ cliMid: 'c', type: 1, content: 'x' }, 'too fast')).toEqual({ action: 'message.failed.send', data: { cliMid: 'c', reason: 'too fast' } });
  });
});
