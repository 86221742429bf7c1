/**
 * One table row per payload field: our name, its wire name in each dialect, its type and limits.
 * Readers, writers and the protobuf mapping are all driven by these specs (payloads.ts), so a field
 * is described once. Proto field names (camel-cased by protobufjs) equal `name`; a test checks it.
 */
import type {
  AckGroupMsg,
  AckMessage,
  AckNotify,
  AckRead,
  AckRequest,
  ApiAuth,
  ApiAuthReply,
  Authenticate,
  ChatMessage,
  CliMessage,
  ContactNotice,
  FailedSend,
  GroupNotice,
  KickoutNotice,
  LoginNotice,
  NoticeText,
  PresenceEvent,
  MessageEvent,
  RecallContent,
} from './payload-types.js';
import { ACTIONS } from './actions.js';

export const FIELD_TYPES = {
  /** uid or gid: a number in G1, a decimal string in G2. */
  UID: 'uid',
  /** message id: a number in both dialects. */
  MID: 'mid',
  INT: 'int',
  STRING: 'string',
  BOOL: 'bool',
  UID_LIST: 'uidList',
  STRING_LIST: 'stringList',
} as const;
export type FieldType = (typeof FIELD_TYPES)[keyof typeof FIELD_TYPES];

export interface FieldSpec<K extends string = string> {
  readonly name: K;
  readonly type: FieldType;
  /** G1 wire name; absent means G1 never gets this field. */
  readonly g1?: string;
  /** G2 wire name; defaults to `name`. */
  readonly g2?: string;
  /** More names accepted on input (case-insensitive, like every key). */
  readonly aliases?: readonly string[];
  readonly isRequired?: boolean;
  /** Strings only. */
  readonly maxLength?: number;
  /** Strings only: a missing value reads as "" (GlideIM's Go server omits empty strings). */
  readonly isEmptyWhenMissing?: boolean;
  /** Strings only: "" reads as missing (an empty idempotency key is no key). */
  readonly isMissingWhenEmpty?: boolean;
}

/** An object payload of any type: what the engine and the protobuf mapping work with. */
export interface AnyObjectPayloadSpec {
  readonly kind: 'object';
  /** The proto message name. */
  readonly name: string;
  /** The Envelope `data` oneof member carrying it in protobuf; absent for payloads never sent as data. */
  readonly protoField?: string;
  readonly fields: readonly FieldSpec[];
  /** Names, wire names and aliases, as spelt and lower-cased → index in `fields`. */
  readonly lookup: ReadonlyMap<string, number>;
}

/** An object payload whose fields are those of T. */
export interface ObjectPayloadSpec<T> extends AnyObjectPayloadSpec {
  readonly fields: readonly FieldSpec<keyof T & string>[];
  /** Phantom: carries T for readPayload's return type. */
  readonly _type?: T;
}

/** A bare string as `data` (GlideIM's notify.error). */
export interface TextPayloadSpec {
  readonly kind: 'text';
  readonly name: 'NoticeText';
  readonly _type?: NoticeText;
}

/** JSON passed through untouched (api.* bodies, notify.success, heartbeat). */
export interface OpaquePayloadSpec {
  readonly kind: 'opaque';
  readonly name: 'Json';
}

export type PayloadSpec = AnyObjectPayloadSpec | TextPayloadSpec | OpaquePayloadSpec;

function definePayload<T>(name: string, protoField: string | undefined, fields: readonly FieldSpec<keyof T & string>[]): ObjectPayloadSpec<T> {
  // readObject marks the fields it has seen in the bits of one number.
  if (fields.length > 31) throw new Error(`${name}: more than 31 fields`);
  const lookup = new Map<string, number>();
  fields.forEach((field, index) => {
    for (const key of [field.name, field.g1, field.g2, ...(field.aliases ?? [])]) {
      if (key === undefined) continue;
      // Exact spellings too, so the usual keys skip toLowerCase.
      for (const spelling of [key, key.toLowerCase()]) {
        const known = lookup.get(spelling);
        // Two fields answering to one key would make reading ambiguous: a bug in the table.
        if (known !== undefined && known !== index) throw new Error(`${name}: wire key ${key} is used twice`);
        lookup.set(spelling, index);
      }
    }
  });
  return protoField === undefined ? { kind: 'object', name, fields, lookup } : { kind: 'object', name, protoField, fields, lookup };
}

const { UID, MID, INT, STRING, BOOL, UID_LIST, STRING_LIST } = FIELD_TYPES;
const CLI_MID_MAX = 64;
const TOKEN_MAX = 4096;
const REASON_MAX = 1024;
const NAME_MAX = 128;

export const CHAT_MESSAGE = definePayload<ChatMessage>('ChatMessage', 'chat', [
  { name: 'cliMid', type: STRING, maxLength: CLI_MID_MAX, aliases: ['cli_mid'], isMissingWhenEmpty: true },
  { name: 'mid', type: MID, g1: 'Mid' },
  { name: 'seq', type: INT, g1: 'Seq' },
  { name: 'cliSeq', type: INT, g1: 'CSeq', aliases: ['cli_seq'] },
  { name: 'from', type: UID, g1: 'From' },
  { name: 'to', type: UID, g1: 'To' },
  { name: 'type', type: INT, g1: 'Type', isRequired: true },
  { name: 'content', type: STRING, g1: 'Content', isEmptyWhenMissing: true },
  { name: 'sendAt', type: INT, g1: 'CTime', aliases: ['send_at'] },
  { name: 'status', type: INT, g1: 'Status' },
  // Glide additions, G2 only (G1 clients never get them): reply, forward origin, group mentions.
  { name: 'replyTo', type: MID, aliases: ['reply_to'] },
  { name: 'forwardMid', type: MID, aliases: ['forward_mid'] },
  { name: 'forwardFrom', type: UID, aliases: ['forward_from'] },
  { name: 'mentions', type: UID_LIST },
  { name: 'mentionAll', type: BOOL, aliases: ['mention_all'] },
]);

export const ACK_MESSAGE = definePayload<AckMessage>('AckMessage', 'ackMessage', [
  { name: 'cliMid', type: STRING, maxLength: CLI_MID_MAX, aliases: ['cli_mid'], isMissingWhenEmpty: true },
  { name: 'mid', type: MID, g1: 'Mid', isRequired: true },
  { name: 'seq', type: INT },
]);

export const ACK_NOTIFY = definePayload<AckNotify>('AckNotify', 'ackNotify', [
  { name: 'mid', type: MID, g1: 'Mid', isRequired: true },
  { name: 'seq', type: INT, g1: 'Seq' },
  { name: 'from', type: UID, g1: 'From' },
]);

export const ACK_REQUEST = definePayload<AckRequest>('AckRequest', 'ackRequest', [
  { name: 'mid', type: MID, g1: 'Mid', isRequired: true },
  { name: 'from', type: UID, g1: 'From', isRequired: true },
]);

export const ACK_GROUP_MSG = definePayload<AckGroupMsg>('AckGroupMsg', 'ackGroupMsg', [
  // Optional on the wire: the Android SDK answers a 1:1 message with ack.group.msg {Mid, From, Seq} (no Gid).
  { name: 'gid', type: UID, g1: 'Gid' },
  { name: 'mid', type: MID, g1: 'Mid', isRequired: true },
  { name: 'seq', type: INT, g1: 'Seq', isRequired: true },
]);

/** `ack.read` in, `notify.read` out. */
export const ACK_READ = definePayload<AckRead>('AckRead', 'ackRead', [
  { name: 'mid', type: MID, g1: 'Mid' },
  { name: 'from', type: UID, g1: 'From' },
  { name: 'gid', type: UID, g1: 'Gid' },
  { name: 'seq', type: INT, g1: 'Seq' },
]);

export const CLI_MESSAGE = definePayload<CliMessage>('CliMessage', 'cli', [
  { name: 'from', type: UID, g1: 'From' },
  { name: 'to', type: UID, g1: 'To', isRequired: true },
  { name: 'type', type: INT, g1: 'Type', isRequired: true },
  { name: 'content', type: STRING, g1: 'Content', isEmptyWhenMissing: true },
]);

export const AUTHENTICATE = definePayload<Authenticate>('Authenticate', 'authenticate', [
  { name: 'credential', type: STRING, g1: 'Credential', maxLength: TOKEN_MAX, isRequired: true },
  { name: 'version', type: INT, g1: 'Version' },
]);

export const API_AUTH = definePayload<ApiAuth>('ApiAuth', 'apiAuth', [
  { name: 'token', type: STRING, g1: 'Token', maxLength: TOKEN_MAX, isRequired: true },
  { name: 'device', type: INT, g1: 'Device' },
]);

/** Written by the gateway itself and sent as opaque `api.success` data. */
export const API_AUTH_REPLY = definePayload<ApiAuthReply>('ApiAuthReply', 'apiAuthReply', [
  { name: 'token', type: STRING, g1: 'Token', maxLength: TOKEN_MAX, isRequired: true },
  { name: 'uid', type: UID, g1: 'Uid', isRequired: true },
  { name: 'servers', type: STRING_LIST, g1: 'Servers', isRequired: true },
]);

export const FAILED_SEND = definePayload<FailedSend>('FailedSend', 'failedSend', [
  { name: 'mid', type: MID, g1: 'Mid' },
  { name: 'cliMid', type: STRING, maxLength: CLI_MID_MAX, aliases: ['cli_mid'], isMissingWhenEmpty: true },
  { name: 'reason', type: STRING, g1: 'Reason', maxLength: REASON_MAX, isEmptyWhenMissing: true },
]);

export const KICKOUT_NOTICE = definePayload<KickoutNotice>('KickoutNotice', 'kickout', [
  { name: 'device', type: INT, g1: 'Device' },
  { name: 'deviceName', type: STRING, g1: 'DeviceName', maxLength: NAME_MAX, aliases: ['device_name'] },
  { name: 'reason', type: STRING, g1: 'Reason', maxLength: REASON_MAX },
]);

export const LOGIN_NOTICE = definePayload<LoginNotice>('LoginNotice', 'login', [
  { name: 'uid', type: UID, g1: 'Uid' },
  { name: 'device', type: INT, g1: 'Device', isRequired: true },
  { name: 'deviceName', type: STRING, g1: 'DeviceName', maxLength: NAME_MAX, aliases: ['device_name'] },
]);

/** protocol.md spells this one capitalised for both dialects: `{Id, Type, FromId, FromType}`. */
export const CONTACT_NOTICE = definePayload<ContactNotice>('ContactNotice', 'contact', [
  { name: 'id', type: UID, g1: 'Id', g2: 'Id', isRequired: true },
  { name: 'type', type: INT, g1: 'Type', g2: 'Type', isRequired: true },
  { name: 'fromId', type: UID, g1: 'FromId', g2: 'FromId', isRequired: true },
  { name: 'fromType', type: INT, g1: 'FromType', g2: 'FromType', isRequired: true },
]);

export const PRESENCE_EVENT = definePayload<PresenceEvent>('PresenceEvent', 'presence', [
  { name: 'uid', type: UID, g1: 'Uid', isRequired: true },
  { name: 'device', type: INT, g1: 'Device', isRequired: true },
  { name: 'online', type: BOOL, g1: 'Online', isRequired: true },
  { name: 'onlineAt', type: INT, g1: 'OnlineAt', aliases: ['online_at'] },
]);

export const GROUP_NOTICE = definePayload<GroupNotice>('GroupNotice', 'groupNotice', [
  { name: 'gid', type: UID, g1: 'Gid', isRequired: true },
  { name: 'mid', type: MID, g1: 'Mid' },
  { name: 'seq', type: INT, g1: 'Seq', isRequired: true },
  { name: 'type', type: INT, g1: 'Type', isRequired: true },
  { name: 'uids', type: UID_LIST, g1: 'Uids' },
  { name: 'by', type: UID, g1: 'By' },
  { name: 'role', type: INT, g1: 'Role' },
  { name: 'mute', type: BOOL, g1: 'Mute' },
  { name: 'sendAt', type: INT, g1: 'SendAt', aliases: ['send_at'] },
]);

export const MESSAGE_EVENT = definePayload<MessageEvent>('MessageEvent', 'messageEvent', [
  { name: 'mid', type: MID, g1: 'Mid', isRequired: true },
  { name: 'seq', type: INT, g1: 'Seq' },
  { name: 'from', type: UID, g1: 'From', isRequired: true },
  { name: 'to', type: UID, g1: 'To', isRequired: true },
  { name: 'kind', type: STRING, g1: 'Kind', maxLength: 16, isRequired: true },
  { name: 'target', type: MID, g1: 'Target', isRequired: true },
  { name: 'content', type: STRING, g1: 'Content' },
  { name: 'key', type: STRING, g1: 'Key', maxLength: 64 },
  { name: 'isOn', type: BOOL, g1: 'IsOn', aliases: ['is_on'] },
  { name: 'at', type: INT, g1: 'At' },
]);

/** The JSON inside a recall's `content`: G2 `{mid, recallBy}`, G1 `{ReCallBy, Mid}` as the Android SDK reads it. */
export const RECALL_CONTENT = definePayload<RecallContent>('RecallContent', undefined, [
  { name: 'mid', type: MID, g1: 'Mid', isRequired: true },
  { name: 'recallBy', type: UID, g1: 'ReCallBy', aliases: ['recall_by'], isRequired: true },
]);

export const NOTICE_TEXT: TextPayloadSpec = { kind: 'text', name: 'NoticeText' };
export const OPAQUE_JSON: OpaquePayloadSpec = { kind: 'opaque', name: 'Json' };

/** Every payload that is an object, for table-wide tests and the protobuf mapping. */
export const OBJECT_PAYLOADS: readonly AnyObjectPayloadSpec[] = [
  CHAT_MESSAGE, ACK_MESSAGE, ACK_NOTIFY, ACK_REQUEST, ACK_GROUP_MSG, ACK_READ, CLI_MESSAGE, AUTHENTICATE, API_AUTH,
  API_AUTH_REPLY, FAILED_SEND, KICKOUT_NOTICE, LOGIN_NOTICE, CONTACT_NOTICE, PRESENCE_EVENT, GROUP_NOTICE, RECALL_CONTENT,
  MESSAGE_EVENT,
];

/**
 * How `data` is written for each action. `api.*` (api.auth included, the client writes its own
 * `{Token}`), notify.success and heartbeat carry opaque JSON; so does any action not listed.
 */
const ACTION_PAYLOADS: ReadonlyMap<string, PayloadSpec> = new Map<string, PayloadSpec>([
  [ACTIONS.MESSAGE_CHAT, CHAT_MESSAGE],
  [ACTIONS.MESSAGE_CHAT_RETRY, CHAT_MESSAGE],
  [ACTIONS.MESSAGE_CHAT_RESEND, CHAT_MESSAGE],
  [ACTIONS.MESSAGE_CHAT_RECALL, CHAT_MESSAGE],
  [ACTIONS.MESSAGE_GROUP, CHAT_MESSAGE],
  [ACTIONS.MESSAGE_GROUP_RECALL, CHAT_MESSAGE],
  [ACTIONS.ACK_MESSAGE, ACK_MESSAGE],
  [ACTIONS.ACK_NOTIFY, ACK_NOTIFY],
  [ACTIONS.ACK_REQUEST, ACK_REQUEST],
  [ACTIONS.ACK_GROUP_MSG, ACK_GROUP_MSG],
  [ACTIONS.ACK_READ, ACK_READ],
  [ACTIONS.NOTIFY_READ, ACK_READ],
  [ACTIONS.MESSAGE_CLI, CLI_MESSAGE],
  [ACTIONS.AUTHENTICATE, AUTHENTICATE],
  [ACTIONS.MESSAGE_FAILED_SEND, FAILED_SEND],
  [ACTIONS.NOTIFY_ERROR, NOTICE_TEXT],
  [ACTIONS.NOTIFY_FORBIDDEN, NOTICE_TEXT],
  [ACTIONS.NOTIFY_AUTH, NOTICE_TEXT],
  [ACTIONS.NOTIFY_KICKOUT, KICKOUT_NOTICE],
  [ACTIONS.NOTIFY_LOGIN, LOGIN_NOTICE],
  [ACTIONS.NOTIFY_CONTACT, CONTACT_NOTICE],
  [ACTIONS.NOTIFY_GROUP, GROUP_NOTICE],
  [ACTIONS.MESSAGE_CHAT_EVENT, MESSAGE_EVENT],
  [ACTIONS.MESSAGE_GROUP_EVENT, MESSAGE_EVENT],
  [ACTIONS.EVENT_USER_ONLINE, PRESENCE_EVENT],
  [ACTIONS.EVENT_USER_OFFLINE, PRESENCE_EVENT],
]);

/** The payload spec that `data` of `action` is written with (and, except api.*, read with). */
export function payloadSpecFor(action: string): PayloadSpec {
  return ACTION_PAYLOADS.get(action) ?? OPAQUE_JSON;
}
