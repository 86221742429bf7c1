/**
 * The protocol area's public face: codecs (JSON, protobuf), TCP framing, the action catalog and the
 * payload readers/writers. Wire names stay inside this folder; callers use our payload types.
 */
import { CODEC_NAMES, type Codec, type CodecName } from './types.js';
import { JsonCodec } from './json-codec.js';
import { ProtobufCodec } from './protobuf-codec.js';

export * from './types.js';
export * from './actions.js';
export * from './payload-types.js';
export {
  FIELD_TYPES,
  OBJECT_PAYLOADS,
  NOTICE_TEXT,
  OPAQUE_JSON,
  CHAT_MESSAGE,
  ACK_MESSAGE,
  ACK_NOTIFY,
  ACK_REQUEST,
  ACK_GROUP_MSG,
  ACK_READ,
  CLI_MESSAGE,
  AUTHENTICATE,
  API_AUTH,
  API_AUTH_REPLY,
  FAILED_SEND,
  KICKOUT_NOTICE,
  LOGIN_NOTICE,
  CONTACT_NOTICE,
  PRESENCE_EVENT,
  GROUP_NOTICE,
  RECALL_CONTENT,
  payloadSpecFor,
  type FieldType,
  type FieldSpec,
  type PayloadSpec,
  type ObjectPayloadSpec,
  type AnyObjectPayloadSpec,
  type TextPayloadSpec,
  type OpaquePayloadSpec,
} from './payload-specs.js';
export {
  readPayload,
  writePayload,
  readNoticeText,
  readChatMessage,
  readAckMessage,
  readAckNotify,
  readAckRequest,
  readAckGroupMsg,
  readAckRead,
  readCliMessage,
  readAuthenticate,
  readApiAuth,
  readApiAuthReply,
  readFailedSend,
  readKickoutNotice,
  readLoginNotice,
  readContactNotice,
  readPresenceEvent,
  readGroupNotice,
  readRecallContent,
  writeApiAuthReply,
  writeRecallContent,
} from './payloads.js';
export { ACTION_MAX_LENGTH } from './envelope.js';
export { DISCONNECT, type DisconnectName, type DisconnectReason } from './close-codes.js';
export { failedSend, groupSentAck, idempotencyKey, messageRefusal, midKey, recallAckMid, sentAck } from './message-replies.js';
export { decodeReceipt, RECEIPT_ACTIONS, type Receipt, type ReceiptAction } from './receipts.js';
export { JsonCodec } from './json-codec.js';
export { ProtobufCodec } from './protobuf-codec.js';
export {
  FRAME_HEADER_BYTES,
  DEFAULT_MAX_FRAME_BYTES,
  PREFACE_MAX_BYTES,
  PREFACE_PREFIX,
  FrameDecoder,
  PrefaceReader,
  encodeFrame,
  frameHeader,
  prefaceLine,
  type FrameDecoderOptions,
  type Preface,
} from './tcp-framing.js';

export function isCodecName(name: string): name is CodecName {
  return name === CODEC_NAMES.JSON || name === CODEC_NAMES.PROTOBUF;
}

/** A new codec by name. Codecs hold no per-connection state, so codecFor's shared ones usually do. */
export function createCodec(name: CodecName): Codec {
  return name === CODEC_NAMES.PROTOBUF ? new ProtobufCodec() : new JsonCodec();
}

const sharedCodecs: Readonly<Record<CodecName, Codec>> = { json: new JsonCodec(), protobuf: new ProtobufCodec() };

/** The shared codec for a name (stateless, safe to use from every connection). */
export function codecFor(name: CodecName): Codec {
  return sharedCodecs[name];
}
