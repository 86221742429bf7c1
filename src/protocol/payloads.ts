/**
 * The table-driven payload engine: lenient readers (any key case, aliases, unknown keys ignored,
 * strict value types) and exact writers per dialect, all from the specs in payload-specs.ts.
 */
import { GlideError } from '../core/index.js';
import { DIALECTS, type Dialect } from './types.js';
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
  FIELD_TYPES,
  GROUP_NOTICE,
  KICKOUT_NOTICE,
  LOGIN_NOTICE,
  PRESENCE_EVENT,
  RECALL_CONTENT,
  MESSAGE_EVENT,
  type AnyObjectPayloadSpec,
  type FieldSpec,
  type ObjectPayloadSpec,
} from './payload-specs.js';
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
  MessageEvent,
  NoticeText,
  PresenceEvent,
  RecallContent,
} from './payload-types.js';
import { checkBool, checkId, checkInt, checkString, isRecord, type Checked } from './wire-values.js';

/** Longest notice text accepted on input. */
const NOTICE_TEXT_MAX = 4096;

function badPayload(detail: string): GlideError {
  return new GlideError('PROTO_BAD_PAYLOAD', detail);
}

function checkList<T>(raw: unknown, check: (item: unknown) => Checked<T>): Checked<T[]> {
  if (raw === undefined || raw === null) return { ok: true, value: undefined };
  if (!Array.isArray(raw)) return { ok: false, problem: 'must be an array' };
  const out: T[] = [];
  for (let i = 0; i < raw.length; i++) {
    const item = check(raw[i]);
    if (!item.ok) return { ok: false, problem: `[${i}] ${item.problem}` };
    if (item.value === undefined) return { ok: false, problem: `[${i}] must not be empty` };
    out.push(item.value);
  }
  return { ok: true, value: out };
}

function checkField(field: FieldSpec, raw: unknown): Checked<unknown> {
  switch (field.type) {
    case FIELD_TYPES.UID:
    case FIELD_TYPES.MID:
      return checkId(raw);
    case FIELD_TYPES.INT:
      return checkInt(raw);
    case FIELD_TYPES.BOOL:
      return checkBool(raw);
    case FIELD_TYPES.UID_LIST:
      return checkList(raw, checkId);
    case FIELD_TYPES.STRING_LIST:
      return checkList(raw, (item) => checkString(item, field.maxLength ?? Number.MAX_SAFE_INTEGER));
    case FIELD_TYPES.STRING: {
      const checked = checkString(raw, field.maxLength ?? Number.MAX_SAFE_INTEGER);
      if (!checked.ok) return checked;
      if (checked.value === '' && field.isMissingWhenEmpty) return { ok: true, value: undefined };
      if (checked.value === undefined && field.isEmptyWhenMissing) return { ok: true, value: '' };
      return checked;
    }
  }
}

/**
 * Reads `data` as the payload `spec` describes. Keys match case-insensitively against our name, both
 * wire names and the aliases; the first matching key wins; unknown keys are ignored.
 * Throws GlideError PROTO_BAD_PAYLOAD naming the field ("cliMid must be at most 64 characters").
 */
export function readPayload<T>(spec: ObjectPayloadSpec<T>, data: unknown): T {
  // The checks in readObject make the result a T: each field of T was read with its spec.
  return readObject(spec, data) as T;
}

/** readPayload for a spec known only at run time. */
export function readObject(spec: AnyObjectPayloadSpec, data: unknown): Record<string, unknown> {
  if (!isRecord(data)) throw badPayload('data must be an object');
  const { fields, lookup } = spec;
  const raw: unknown[] = new Array<unknown>(fields.length);
  // A bit per field (specs have fewer than 32, definePayload checks): no array per frame for it.
  let seen = 0;
  for (const key of Object.keys(data)) {
    const index = lookup.get(key) ?? lookup.get(key.toLowerCase());
    if (index === undefined || (seen & (1 << index)) !== 0) continue;
    seen |= 1 << index;
    raw[index] = data[key];
  }
  const out: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as FieldSpec;
    const value = raw[i];
    // Most of a spec's fields are absent from a frame: decided here without running (and allocating) a check.
    if (value === undefined) {
      if (field.type === FIELD_TYPES.STRING && field.isEmptyWhenMissing) out[field.name] = '';
      else if (field.isRequired) throw badPayload(`${field.name} is required`);
      continue;
    }
    const checked = checkField(field, value);
    // List problems start with the index: "uids[2] must be a decimal id".
    if (!checked.ok) throw badPayload(`${field.name}${checked.problem.startsWith('[') ? '' : ' '}${checked.problem}`);
    if (checked.value !== undefined) out[field.name] = checked.value;
    else if (field.isRequired) throw badPayload(`${field.name} is required`);
  }
  return out;
}

/**
 * Writes a payload in a dialect's exact wire form: G2 lower camel with uids/gids as decimal strings
 * (mids and seqs stay numbers), G1 the capitalised Android/Java names with numeric ids. Fields without
 * a wire name in the dialect, undefined values and empty optional lists are left out.
 * The value is trusted (it comes from inside the server).
 */
export function writePayload<T>(spec: ObjectPayloadSpec<T>, dialect: Dialect, value: T): Record<string, unknown> {
  return writeObject(spec, dialect, value as Record<string, unknown>);
}

/** writePayload for a spec known only at run time (the codecs' action table). */
export function writeObject(spec: AnyObjectPayloadSpec, dialect: Dialect, source: Record<string, unknown>): Record<string, unknown> {
  const isG1 = dialect === DIALECTS.G1;
  const out: Record<string, unknown> = {};
  for (const field of spec.fields) {
    const key = isG1 ? field.g1 : (field.g2 ?? field.name);
    const v = source[field.name];
    if (key === undefined || v === undefined || v === null) continue;
    if (Array.isArray(v) && v.length === 0 && !field.isRequired) continue;
    if (!isG1 && field.type === FIELD_TYPES.UID) out[key] = String(v);
    else if (!isG1 && field.type === FIELD_TYPES.UID_LIST && Array.isArray(v)) out[key] = v.map(String);
    else out[key] = v;
  }
  return out;
}

/** Our-name object for a protobuf payload message (ids stay numbers); same omissions as writePayload. */
export function toProtoPayload(spec: AnyObjectPayloadSpec, source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of spec.fields) {
    const v = source[field.name];
    if (v === undefined || v === null) continue;
    if (Array.isArray(v) && v.length === 0 && !field.isRequired) continue;
    out[field.name] = v;
  }
  return out;
}

/** A decoded protobuf payload message as a plain our-name object, for readPayload. */
export function fromProtoPayload(spec: AnyObjectPayloadSpec, message: object): Record<string, unknown> {
  const source = message as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of spec.fields) {
    const v = source[field.name];
    if (v === undefined || v === null) continue;
    // Absent repeated fields read as protobufjs's shared empty array.
    if (Array.isArray(v)) {
      if (v.length > 0) out[field.name] = [...(v as unknown[])];
      continue;
    }
    out[field.name] = v;
  }
  return out;
}

/** `notify.error` / `notify.forbidden` / `notify.auth` data: a string. */
export function readNoticeText(data: unknown): NoticeText {
  const checked = checkString(data, NOTICE_TEXT_MAX);
  if (!checked.ok) throw badPayload(`data ${checked.problem}`);
  return checked.value ?? '';
}

export const readChatMessage = (data: unknown): ChatMessage => readPayload(CHAT_MESSAGE, data);
export const readAckMessage = (data: unknown): AckMessage => readPayload(ACK_MESSAGE, data);
export const readAckNotify = (data: unknown): AckNotify => readPayload(ACK_NOTIFY, data);
export const readAckRequest = (data: unknown): AckRequest => readPayload(ACK_REQUEST, data);
export const readAckGroupMsg = (data: unknown): AckGroupMsg => readPayload(ACK_GROUP_MSG, data);
export const readAckRead = (data: unknown): AckRead => readPayload(ACK_READ, data);
export const readCliMessage = (data: unknown): CliMessage => readPayload(CLI_MESSAGE, data);
export const readAuthenticate = (data: unknown): Authenticate => readPayload(AUTHENTICATE, data);
export const readApiAuth = (data: unknown): ApiAuth => readPayload(API_AUTH, data);
export const readApiAuthReply = (data: unknown): ApiAuthReply => readPayload(API_AUTH_REPLY, data);
export const readFailedSend = (data: unknown): FailedSend => readPayload(FAILED_SEND, data);
export const readKickoutNotice = (data: unknown): KickoutNotice => readPayload(KICKOUT_NOTICE, data);
export const readLoginNotice = (data: unknown): LoginNotice => readPayload(LOGIN_NOTICE, data);
export const readContactNotice = (data: unknown): ContactNotice => readPayload(CONTACT_NOTICE, data);
export const readPresenceEvent = (data: unknown): PresenceEvent => readPayload(PRESENCE_EVENT, data);
export const readGroupNotice = (data: unknown): GroupNotice => readPayload(GROUP_NOTICE, data);
export const readMessageEvent = (data: unknown): MessageEvent => readPayload(MESSAGE_EVENT, data);

/** The sign-in reply for `api.success` data, in the connection's dialect (G1 `{Token, Uid, Servers}`). */
export function writeApiAuthReply(dialect: Dialect, reply: ApiAuthReply): Record<string, unknown> {
  return writePayload(API_AUTH_REPLY, dialect, reply);
}

/** Parses a recall message's `content` (`{"mid":…,"recallBy":…}` as JSON text). */
export function readRecallContent(content: string): RecallContent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw badPayload('content must be recall JSON');
  }
  if (!isRecord(parsed)) throw badPayload('content must be recall JSON');
  return readPayload(RECALL_CONTENT, parsed);
}

/** The `content` text of a recall message; recallBy is a string in G2 like every uid. */
export function writeRecallContent(dialect: Dialect, recall: RecallContent): string {
  return JSON.stringify(writePayload(RECALL_CONTENT, dialect, recall));
}
