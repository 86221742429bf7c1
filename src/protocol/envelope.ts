/**
 * Lenient reading of a parsed JSON envelope (keys in any case) and dialect detection.
 * Only a missing/bad `action` or a bad `seq` makes a frame "not an envelope"; `data` stays raw so a
 * bad payload is answered with notify.error later, never a closed connection.
 */
import { GlideError } from '../core/index.js';
import { DIALECTS, PROTOCOL_VERSION, type DecodedFrame, type Envelope } from './types.js';
import { ACTIONS } from './actions.js';
import { checkId, checkSignedInt, isRecord } from './wire-values.js';

/** Longest action accepted; real ones are under 30 characters. */
export const ACTION_MAX_LENGTH = 128;

const SLOTS = ['ver', 'seq', 'action', 'from', 'to', 'data', 'msg', 'ticket', 'sign', 'extra'] as const;
type Slot = (typeof SLOTS)[number];
/** Lower-case and G1 (capitalised) spellings, so the usual keys skip toLowerCase. */
const SLOT_BY_KEY: ReadonlyMap<string, Slot> = new Map(SLOTS.flatMap((slot) => [[slot, slot] as const, [slot.charAt(0).toUpperCase() + slot.slice(1), slot] as const]));

export function notEnvelope(detail: string, cause?: unknown): GlideError {
  return new GlideError('PROTO_NOT_ENVELOPE', detail, cause === undefined ? undefined : { cause });
}

/** Checks the action of any codec's envelope. */
export function checkAction(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0) throw notEnvelope('action must be a non-empty string');
  if (raw.length > ACTION_MAX_LENGTH) throw notEnvelope(`action must be at most ${ACTION_MAX_LENGTH} characters`);
  return raw;
}

/** Checks the seq of any codec's envelope: an integer (negative allowed, the Go SDK sends -1) or missing. */
export function checkSeq(raw: unknown): number {
  const checked = checkSignedInt(raw);
  if (!checked.ok) throw notEnvelope(`seq ${checked.problem}`);
  return checked.value ?? 0;
}

/** from/to: a bad id is dropped (the server overwrites `from`; a missing `to` is the payload reader's call). */
export function optionalId(raw: unknown): number | undefined {
  const checked = checkId(raw);
  return checked.ok ? checked.value : undefined;
}

/** msg/ticket/sign: a present non-string becomes "" so a garbled ticket still counts as a (bad) ticket. */
function optionalText(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  return typeof raw === 'string' ? raw : '';
}

function readExtra(raw: unknown): Record<string, string> | undefined {
  if (!isRecord(raw)) return undefined;
  // fromEntries defines own properties, so a "__proto__" key stays data.
  const entries = Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** Turns a parsed JSON value into an envelope; throws GlideError PROTO_NOT_ENVELOPE if it is not one. */
export function readJsonEnvelope(parsed: unknown): DecodedFrame {
  if (!isRecord(parsed)) throw notEnvelope('frame must be a JSON object');
  const raw: Partial<Record<Slot, unknown>> = {};
  let actionKey = '';
  for (const key of Object.keys(parsed)) {
    const slot = SLOT_BY_KEY.get(key) ?? SLOT_BY_KEY.get(key.toLowerCase());
    if (slot === undefined || slot in raw) continue;
    raw[slot] = parsed[key];
    if (slot === 'action') actionKey = key;
  }
  const action = checkAction(raw.action);
  const envelope: Envelope = { ver: PROTOCOL_VERSION, seq: checkSeq(raw.seq), action };
  const ver = checkSignedInt(raw.ver);
  if (ver.ok && ver.value !== undefined) envelope.ver = ver.value;
  const from = optionalId(raw.from);
  if (from !== undefined) envelope.from = from;
  const to = optionalId(raw.to);
  if (to !== undefined) envelope.to = to;
  if (raw.data !== undefined) envelope.data = raw.data;
  const msg = optionalText(raw.msg);
  if (msg !== undefined) envelope.msg = msg;
  const ticket = optionalText(raw.ticket);
  if (ticket !== undefined) envelope.ticket = ticket;
  const sign = optionalText(raw.sign);
  if (sign !== undefined) envelope.sign = sign;
  const extra = readExtra(raw.extra);
  if (extra !== undefined) envelope.extra = extra;
  const isG1 = actionKey !== 'action' || action === ACTIONS.API_USER_AUTH;
  return { envelope, dialect: isG1 ? DIALECTS.G1 : DIALECTS.G2 };
}
