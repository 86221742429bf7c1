/** Every payload through every codec and dialect: what is written reads back to the same value. */
import { describe, expect, it } from 'vitest';
import { glide } from './gen/glide.js';
import { JsonCodec } from './json-codec.js';
import { ProtobufCodec } from './protobuf-codec.js';
import {
  ACK_GROUP_MSG,
  ACK_MESSAGE,
  ACK_NOTIFY,
  ACK_READ,
  ACK_REQUEST,
  API_AUTH,
  API_AUTH_REPLY,
  AUTHENTICATE,
  CHAT_MESSAGE,
  CLI_MESSAGE,
  CONTACT_NOTICE,
  FAILED_SEND,
  GROUP_NOTICE,
  MESSAGE_EVENT,
  KICKOUT_NOTICE,
  LOGIN_NOTICE,
  OBJECT_PAYLOADS,
  PRESENCE_EVENT,
  RECALL_CONTENT,
  payloadSpecFor,
  type AnyObjectPayloadSpec,
} from './payload-specs.js';
import { fromProtoPayload, readObject, readPayload, toProtoPayload, writeObject } from './payloads.js';
import type { Dialect } from './types.js';

const MID = 1_700_000_000_123_456;
const UID = 2_147_483_000;

/** One value per payload with every field set. */
const SAMPLES = new Map<AnyObjectPayloadSpec, Record<string, unknown>>([
  [CHAT_MESSAGE, { cliMid: 'c-1', mid: MID, seq: 42, cliSeq: 7, from: 1001, to: UID, type: 1, content: 'hé 👋 "q" \\ \u2028', sendAt: 1_700_000_000_000, status: 0, replyTo: MID - 1, forwardMid: MID - 2, forwardFrom: UID, mentions: [1001, UID], mentionAll: true }],
  [ACK_MESSAGE, { cliMid: 'c-1', mid: MID, seq: 42 }],
  [ACK_NOTIFY, { mid: MID, seq: 42, from: 1001 }],
  [ACK_REQUEST, { mid: MID, from: 1001 }],
  [ACK_GROUP_MSG, { gid: 55, mid: MID, seq: 42 }],
  [ACK_READ, { mid: MID, from: 1001, gid: 55, seq: 42 }],
  [CLI_MESSAGE, { from: 1001, to: UID, type: 10020, content: '{"typing":true}' }],
  [AUTHENTICATE, { credential: 'cred.sig', version: 1 }],
  [API_AUTH, { token: 'tok', device: 2 }],
  [API_AUTH_REPLY, { token: 'tok', uid: UID, servers: ['ws://a/ws', 'ws://b/ws'] }],
  [FAILED_SEND, { mid: MID, cliMid: 'c-1', reason: 'muted' }],
  [KICKOUT_NOTICE, { device: 1, deviceName: 'Pixel', reason: 'replaced' }],
  [LOGIN_NOTICE, { uid: UID, device: 2, deviceName: 'web' }],
  [CONTACT_NOTICE, { id: 5, type: 1, fromId: 1001, fromType: 1 }],
  [PRESENCE_EVENT, { uid: UID, device: 2, online: true, onlineAt: 1_700_000_000_000 }],
  [MESSAGE_EVENT, { mid: MID, seq: 9, from: UID, to: 55, kind: 'reaction', target: MID - 1, content: 'ünï', key: '👍', isOn: true, at: 1_700_000_000_000 }],
  [GROUP_NOTICE, { gid: 55, mid: MID, seq: 43, type: 1, uids: [1, 2, UID], by: 1001, role: 3, mute: false, sendAt: 1_700_000_000_000 }],
  [RECALL_CONTENT, { mid: MID, recallBy: 1001 }],
]);

/** The part of a value a dialect carries (G1 has no cliMid, for example). */
function carried(spec: AnyObjectPayloadSpec, dialect: Dialect, value: Record<string, unknown>): Record<string, unknown> {
  if (dialect === 'g2') return value;
  return Object.fromEntries(spec.fields.filter((field) => field.g1 !== undefined).map((field) => [field.name, value[field.name]]));
}

/** Every action whose data is an object payload, with its spec. */
const ACTION_CASES = [
  'message.chat', 'message.chat.retry', 'message.chat.resend', 'message.chat.recall', 'message.group', 'message.group.recall',
  'ack.message', 'ack.notify', 'ack.request', 'ack.group.msg', 'ack.read', 'notify.read', 'message.cli', 'authenticate',
  'message.failed.send', 'notify.kickout', 'notify.login', 'notify.contact', 'notify.group', 'message.chat.event', 'message.group.event', 'event.user.online', 'event.user.offline',
].map((action) => [action, payloadSpecFor(action) as AnyObjectPayloadSpec] as const);

describe('codec round trips', () => {
  it('has a sample for every payload', () => {
    expect(OBJECT_PAYLOADS.filter((spec) => !SAMPLES.has(spec)).map((spec) => spec.name)).toEqual([]);
    for (const [action, spec] of ACTION_CASES) expect(spec.kind, action).toBe('object');
  });

  const json = new JsonCodec();
  const proto = new ProtobufCodec();

  it.each(ACTION_CASES)('%s survives JSON G2, JSON G1 and protobuf', (action, spec) => {
    const sample = SAMPLES.get(spec) ?? {};
    const outbound = { action, from: 1001, to: UID, data: sample, extra: { k: 'v' } };
    for (const dialect of ['g1', 'g2'] as const) {
      const decoded = json.decode(json.stamp(json.prepare(dialect, outbound), 7));
      expect(decoded.dialect).toBe(dialect);
      expect(decoded.envelope.seq).toBe(7);
      expect(readObject(spec, decoded.envelope.data)).toEqual(carried(spec, dialect, sample));
    }
    const decoded = proto.decode(proto.stamp(proto.prepare('g2', outbound), 7));
    expect(decoded.envelope).toMatchObject({ seq: 7, action, from: 1001, to: UID, extra: { k: 'v' } });
    expect(readObject(spec, decoded.envelope.data)).toEqual(sample);
  });

  it.each(OBJECT_PAYLOADS.map((spec) => [spec.name, spec] as const))('%s reads back from its written form in both dialects', (_name, spec) => {
    const sample = SAMPLES.get(spec) ?? {};
    for (const dialect of ['g1', 'g2'] as const) {
      // Through JSON text, as on the wire.
      const wire: unknown = JSON.parse(JSON.stringify(writeObject(spec, dialect, sample)));
      expect(readObject(spec, wire)).toEqual(carried(spec, dialect, sample));
    }
  });

  it.each(OBJECT_PAYLOADS.filter((spec) => spec.protoField !== undefined).map((spec) => [spec.name, spec] as const))(
    '%s survives its protobuf message',
    (_name, spec) => {
      const sample = SAMPLES.get(spec) ?? {};
      const field = spec.protoField ?? '';
      const bytes = glide.v1.Envelope.encode({ action: 'x', [field]: toProtoPayload(spec, sample) }).finish();
      const decoded = glide.v1.Envelope.decode(bytes) as unknown as Record<string, object>;
      expect(readObject(spec, fromProtoPayload(spec, decoded[field] ?? {}))).toEqual(sample);
    },
  );

  it('gives the same envelope through JSON G2 and protobuf', () => {
    const outbound = { action: 'message.chat', from: 1001, to: UID, data: SAMPLES.get(CHAT_MESSAGE), msg: 'm', extra: { a: 'b' } };
    const viaJson = json.decode(json.stamp(json.prepare('g2', outbound), 3)).envelope;
    const viaProto = proto.decode(proto.stamp(proto.prepare('g2', outbound), 3)).envelope;
    expect({ ...viaProto, data: undefined }).toEqual({ ...viaJson, data: undefined });
    expect(readPayload(CHAT_MESSAGE, viaProto.data)).toEqual(readPayload(CHAT_MESSAGE, viaJson.data));
  });
});
