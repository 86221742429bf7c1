/**
 * The protocol area's public face: codecs (JSON, protobuf), TCP framing, the action catalog and the
 * payload readers/writers. Wire names stay inside this folder; callers use our payload types.
 */
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
  MESSAGE_EVENT,
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
  readMessageEvent,
  readRecallContent,
  writeApiAuthReply,
  writeRecallContent,
} from './payloads.js';
export { ACTION_MAX_LENGTH } from './envelope.js';
export { DISCONNECT, type DisconnectName, type DisconnectReason } from './close-codes.js';
export { failedSend, groupSentAck, idempotencyKey, messageRefusal, midKey, recallAckMid, sentAck } from './message-replies.js';
export { decodeReceipt, RECEIPT_ACTIONS, type Receipt, type ReceiptAction } from './receipts.js';
export { isPlainJsonHeartbeat, JsonCodec } from './json-codec.js';
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
export { codecFor, createCodec, isCodecName } from './codecs.js';
