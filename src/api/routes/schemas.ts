import { Type } from 'typebox';
import { GlideError } from '../../core/index.js';

/** uids and gids stay below 2^31 (Java clients read them as 32-bit ints). */
const MAX_ID = 2 ** 31 - 1;
/** The most ids one request may carry. */
export const MAX_IDS_PER_REQUEST = 500;

const DecimalId = Type.String({ pattern: '^[0-9]{1,16}$' });
/** A uid or gid: a positive integer, or its decimal string (G2 clients send strings). */
export const Id = Type.Union([Type.Integer({ minimum: 1, maximum: MAX_ID }), DecimalId]);
/** As Id, but 0 (what the Java SDK writes for an unset long) means absent. */
export const OptionalId = Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: MAX_ID }), DecimalId]));
/** A mid: a non-negative safe integer or its decimal string; 0 means absent. */
export const OptionalMid = Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), DecimalId]));
/** A bounded list of ids; a single id is accepted too (GlideIM's older routes took one). */
export const IdList = Type.Union([Type.Array(Id, { minItems: 1, maxItems: MAX_IDS_PER_REQUEST }), Id]);

export type IdValue = number | string;

/** The id in a validated Id field; throws API_BAD_REQUEST naming `field` when out of range. */
export function readId(value: IdValue, field: string): number {
  const id = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(id) || id < 1 || id > MAX_ID) throw new GlideError('API_BAD_REQUEST', `${field} must be a positive integer below 2^31`);
  return id;
}

/** An optional id (0 or absent → undefined). */
export function readOptionalId(value: IdValue | undefined, field: string): number | undefined {
  return value === undefined || Number(value) === 0 ? undefined : readId(value, field);
}

export function readOptionalMid(value: IdValue | undefined, field: string): number | undefined {
  const mid = value === undefined ? 0 : Number(value);
  if (!Number.isSafeInteger(mid)) throw new GlideError('API_BAD_REQUEST', `${field} must be a safe integer`);
  return mid === 0 ? undefined : mid;
}

export function readIds(value: IdValue | readonly IdValue[], field: string): number[] {
  return (Array.isArray(value) ? value : [value]).map((v: IdValue) => readId(v, field));
}

