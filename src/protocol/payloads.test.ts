import { describe, expect, it } from 'vitest';
import { GlideError } from '../core/index.js';
import { glide } from './gen/glide.js';
import {
  ACK_MESSAGE,
  ACK_NOTIFY,
  ACK_REQUEST,
  API_AUTH_REPLY,
  CHAT_MESSAGE,
  CONTACT_NOTICE,
  GROUP_NOTICE,
  OBJECT_PAYLOADS,
  PRESENCE_EVENT,
  payloadSpecFor,
  type AnyObjectPayloadSpec,
} from './payload-specs.js';
import {
  readAckRequest,
  readApiAuth,
  readAuthenticate,
  readChatMessage,
  readGroupNotice,
  readNoticeText,
  readPayload,
  readPresenceEvent,
  readRecallContent,
  writeApiAuthReply,
  writePayload,
  writeRecallContent,
} from './payloads.js';

function badPayload(read: () => unknown): GlideError {
  try {
    read();
  } catch (err) {
    expect(err).toBeInstanceOf(GlideError);
    expect((err as GlideError).code).toBe('PROTO_BAD_PAYLOAD');
    return err as GlideError;
  }
  throw new Error('expected PROTO_BAD_PAYLOAD');
}

describe('payload readers', () => {
  it('matches keys case-insensitively and ignores unknown keys', () => {
    expect(readChatMessage({ CLIMID: 'c1', Mid: 5, tO: '7', TYPE: 1, content: 'hi', junk: { deep: true } })).toEqual({ cliMid: 'c1', mid: 5, to: 7, type: 1, content: 'hi' });
  });

  it('reads the G1 Android chat shape, keeping CSeq as the client seq and CTime as sendAt', () => {
    const data = { Mid: 0, CSeq: 12, From: 0, To: 1002, Type: 1, Content: 'hi', CTime: 1_700_000_000, Status: 0 };
    expect(readChatMessage(data)).toEqual({ cliSeq: 12, to: 1002, type: 1, content: 'hi', sendAt: 1_700_000_000, status: 0 });
  });

  it('reads the 2022 Go server G1 chat shape', () => {
    const data = { mid: 123, seq: 4, from: 5, to: 6, type: 1, content: 'x', sendAt: 1_700_000_000 };
    expect(readChatMessage(data)).toEqual(data);
  });

  it('reads G2 string ids and the Go server snake_case cli_mid', () => {
    expect(readChatMessage({ cli_mid: 'k', from: '11', to: '2147483000', type: 1, content: '' })).toEqual({ cliMid: 'k', from: 11, to: 2_147_483_000, type: 1, content: '' });
  });

  it('treats 0, "" and null ids as absent (the Java SDK writes 0 for an unset long)', () => {
    expect(readChatMessage({ mid: 0, from: '', to: null, type: 1, content: 'x' })).toEqual({ type: 1, content: 'x' });
  });

  it('reads an empty cliMid as no key and a missing content as ""', () => {
    expect(readChatMessage({ cliMid: '', type: 1 })).toEqual({ type: 1, content: '' });
  });

  it('keeps the first of two keys that differ only in case', () => {
    expect(readAckRequest({ mid: 1, MID: 2, from: 3 })).toEqual({ mid: 1, from: 3 });
  });

  it.each([
    [{ type: '1', content: 'x' }, 'type must be an integer'],
    [{ type: 1.5, content: 'x' }, 'type must be an integer'],
    [{ type: 1, content: 5 }, 'content must be a string'],
    [{ type: 1, content: 'x', to: -3 }, 'to must not be negative'],
    [{ type: 1, content: 'x', to: '-3' }, 'to must be a decimal id'],
    [{ type: 1, content: 'x', to: '1e3' }, 'to must be a decimal id'],
    [{ type: 1, content: 'x', to: 2 ** 53 }, 'to must be a safe integer'],
    [{ type: 1, content: 'x', to: '9999999999999999' }, 'to must be a safe integer'],
    [{ type: 1, content: 'x', mid: Number.NaN }, 'mid must be an integer'],
    [{ type: 1, content: 'x', mid: Number.POSITIVE_INFINITY }, 'mid must be an integer'],
    [{ type: 1, content: 'x', mid: { n: 1 } }, 'mid must be an integer id'],
    [{ type: 1, content: 'x', sendAt: '1700000000' }, 'sendAt must be an integer'],
    [{ type: 1, content: 'x', cliMid: 'x'.repeat(65) }, 'cliMid must be at most 64 characters'],
    [{ type: 1, content: 'x', cliMid: 42 }, 'cliMid must be a string'],
    [{ content: 'x' }, 'type is required'],
  ])('rejects chat data %j: %s', (data, detail) => {
    expect(badPayload(() => readChatMessage(data)).message).toContain(detail);
  });

  it('accepts a cliMid of exactly 64 characters', () => {
    expect(readChatMessage({ cliMid: 'x'.repeat(64), type: 1 }).cliMid).toHaveLength(64);
  });

  it.each([['garbage'], [[1, 2]], [null], [42], [new Uint8Array(3)]])('rejects data that is not an object: %j', (data) => {
    expect(badPayload(() => readChatMessage(data)).message).toContain('data must be an object');
  });

  it('names the missing field of a required pair', () => {
    expect(badPayload(() => readAckRequest({ mid: 5 })).message).toContain('from is required');
  });

  it('names the bad element of an id list and reads good lists', () => {
    expect(badPayload(() => readGroupNotice({ gid: 1, seq: 1, type: 1, uids: [1, 'x'] })).message).toContain('uids[1] must be a decimal id');
    expect(badPayload(() => readGroupNotice({ gid: 1, seq: 1, type: 1, uids: [1, 0] })).message).toContain('uids[1] must not be empty');
    expect(badPayload(() => readGroupNotice({ gid: 1, seq: 1, type: 1, uids: 'nope' })).message).toContain('uids must be an array');
    expect(readGroupNotice({ Gid: '9', Seq: 3, Type: 1, Uids: ['1', 2] })).toEqual({ gid: 9, seq: 3, type: 1, uids: [1, 2] });
  });

  it('checks booleans strictly', () => {
    expect(badPayload(() => readPresenceEvent({ uid: 1, device: 2, online: 'yes' })).message).toContain('online must be a boolean');
  });

  it('reads sign-in payloads of both casings and bounds their length', () => {
    expect(readApiAuth({ Token: 't', Device: 1 })).toEqual({ token: 't', device: 1 });
    expect(readAuthenticate({ credential: 'c', version: 1 })).toEqual({ credential: 'c', version: 1 });
    expect(badPayload(() => readApiAuth({ token: 'x'.repeat(5000) })).message).toContain('token must be at most 4096 characters');
  });

  it('reads notice texts and recall contents', () => {
    expect(readNoticeText('unknown action')).toBe('unknown action');
    expect(badPayload(() => readNoticeText({})).message).toContain('data must be a string');
    expect(readRecallContent('{"mid":12,"recallBy":"5"}')).toEqual({ mid: 12, recallBy: 5 });
    expect(badPayload(() => readRecallContent('not json')).message).toContain('content must be recall JSON');
    expect(badPayload(() => readRecallContent('[1]')).message).toContain('content must be recall JSON');
  });
});

describe('payload writers', () => {
  const chat = { cliMid: 'c1', mid: 1_700_000_000_123_456, seq: 42, cliSeq: 7, from: 1001, to: 1002, type: 1, content: 'hi', sendAt: 1_700_000_000_000, status: 0 };

  it('writes G2 chat in lower camel with uids as strings and mid/seq as numbers', () => {
    expect(writePayload(CHAT_MESSAGE, 'g2', chat)).toEqual({ ...chat, from: '1001', to: '1002' });
  });

  it('writes G1 chat with exactly the Android names and numeric ids', () => {
    const wire = writePayload(CHAT_MESSAGE, 'g1', chat);
    expect(wire).toEqual({ Mid: chat.mid, Seq: 42, CSeq: 7, From: 1001, To: 1002, Type: 1, Content: 'hi', CTime: chat.sendAt, Status: 0 });
  });

  it('writes G1 acks as {Mid}, {Mid, From} and the group ack.notify as {Mid, Seq}', () => {
    expect(writePayload(ACK_MESSAGE, 'g1', { cliMid: 'c1', mid: 9, seq: 3 })).toEqual({ Mid: 9 });
    expect(writePayload(ACK_REQUEST, 'g1', { mid: 9, from: 4 })).toEqual({ Mid: 9, From: 4 });
    expect(writePayload(ACK_NOTIFY, 'g1', { mid: 9, seq: 3 })).toEqual({ Mid: 9, Seq: 3 });
    expect(writePayload(ACK_MESSAGE, 'g2', { cliMid: 'c1', mid: 9, seq: 3 })).toEqual({ cliMid: 'c1', mid: 9, seq: 3 });
  });

  it('writes the sign-in reply as {Token, Uid, Servers} for G1 and with a string uid for G2', () => {
    const reply = { uid: 5, token: 't', servers: ['ws://h/ws'] };
    expect(writeApiAuthReply('g1', reply)).toEqual({ Token: 't', Uid: 5, Servers: ['ws://h/ws'] });
    expect(writeApiAuthReply('g2', reply)).toEqual({ token: 't', uid: '5', servers: ['ws://h/ws'] });
    expect(writePayload(API_AUTH_REPLY, 'g2', { ...reply, servers: [] })).toEqual({ token: 't', uid: '5', servers: [] });
  });

  it('writes notify.contact with its capitalised names in both dialects', () => {
    const notice = { id: 5, type: 1, fromId: 6, fromType: 1 };
    expect(writePayload(CONTACT_NOTICE, 'g2', notice)).toEqual({ Id: '5', Type: 1, FromId: '6', FromType: 1 });
    expect(writePayload(CONTACT_NOTICE, 'g1', notice)).toEqual({ Id: 5, Type: 1, FromId: 6, FromType: 1 });
  });

  it('writes uid lists as strings in G2 and leaves out empty optional lists', () => {
    expect(writePayload(GROUP_NOTICE, 'g2', { gid: 1, seq: 2, type: 1, uids: [3, 4] })).toEqual({ gid: '1', seq: 2, type: 1, uids: ['3', '4'] });
    expect(writePayload(GROUP_NOTICE, 'g1', { gid: 1, seq: 2, type: 1, uids: [] })).toEqual({ Gid: 1, Seq: 2, Type: 1 });
    expect(writePayload(PRESENCE_EVENT, 'g2', { uid: 1, device: 2, online: false })).toEqual({ uid: '1', device: 2, online: false });
  });

  it('writes recall content that reads back', () => {
    expect(writeRecallContent('g2', { mid: 12, recallBy: 5 })).toBe('{"mid":12,"recallBy":"5"}');
    expect(writeRecallContent('g1', { mid: 12, recallBy: 5 })).toBe('{"Mid":12,"ReCallBy":5}');
    expect(readRecallContent(writeRecallContent('g2', { mid: 12, recallBy: 5 }))).toEqual({ mid: 12, recallBy: 5 });
  });
});

describe('payload table', () => {
  const v1 = glide.v1 as unknown as Record<string, { prototype: object } | undefined>;
  const envelopeFields = Object.keys(glide.v1.Envelope.prototype);

  it.each(OBJECT_PAYLOADS.map((spec) => [spec.name, spec] as const))('%s matches its proto message field for field', (_name, spec: AnyObjectPayloadSpec) => {
    const message = v1[spec.name];
    expect(message, `glide.v1.${spec.name}`).toBeDefined();
    const protoFields = Object.keys(message?.prototype ?? {}).filter((key) => !key.startsWith('_') && !key.startsWith('$'));
    expect(protoFields.sort()).toEqual(spec.fields.map((field) => field.name).sort());
    if (spec.protoField !== undefined) expect(envelopeFields).toContain(spec.protoField);
  });

  it('maps chat, ack and notice actions to their specs and api.* to opaque JSON', () => {
    expect(payloadSpecFor('message.group.recall')).toBe(CHAT_MESSAGE);
    expect(payloadSpecFor('ack.message')).toBe(ACK_MESSAGE);
    expect(payloadSpecFor('notify.error').kind).toBe('text');
    expect(payloadSpecFor('api.auth').kind).toBe('opaque');
    expect(payloadSpecFor('api.success').kind).toBe('opaque');
    expect(payloadSpecFor('no.such.action').kind).toBe('opaque');
  });

  it('reads back what it writes, in both dialects, for every payload', () => {
    const chat = { mid: 3, cliSeq: 1, from: 1, to: 2, type: 1, content: 'x', sendAt: 5, status: 1 };
    expect(readPayload(CHAT_MESSAGE, writePayload(CHAT_MESSAGE, 'g1', chat))).toEqual(chat);
    expect(readPayload(CHAT_MESSAGE, writePayload(CHAT_MESSAGE, 'g2', { ...chat, cliMid: 'm' }))).toEqual({ ...chat, cliMid: 'm' });
  });
});
