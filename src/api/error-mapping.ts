import type { ErrorCode, GlideError } from '../core/index.js';
import { API_CODES, failure, type ApiBody } from './envelope.js';

/** Business refusals: HTTP 200 with GlideIM's own code, as its clients expect. */
const BUSINESS_CODES: Partial<Record<ErrorCode, number>> = {
  AUTH_BAD_CREDENTIALS: API_CODES.BAD_ACCOUNT_OR_PASSWORD,
  AUTH_ACCOUNT_EXISTS: API_CODES.NOT_FOUND_OR_INTERNAL,
  STORE_NOT_FOUND: API_CODES.NOT_FOUND_OR_INTERNAL,
  GROUP_NOT_FOUND: 3001,
  GROUP_FULL: 3002,
  GROUP_FORBIDDEN: 3003,
  GROUP_NOT_MEMBER: 3003,
  STORE_CONFLICT: API_CODES.NOT_FOUND_OR_INTERNAL,
  // Edits, reactions and pins (Glide's own, in GlideIM's business-code style).
  MSG_NOT_FOUND: 4001,
  MSG_EDIT_DENIED: 4002,
  MSG_EDIT_EXPIRED: 4003,
  MSG_PIN_DENIED: 4004,
  MSG_LIMIT_REACHED: 4005,
  // GlideIM's contact codes (api/internal/api/user/codes.go).
  CONTACT_SELF: 2001,
  CONTACT_USER_NOT_FOUND: 2002,
  CONTACT_EXISTS: 2003,
  CONTACT_NOT_FOUND: API_CODES.NOT_FOUND_OR_INTERNAL,
  CONTACT_BLOCKED: API_CODES.NOT_FOUND_OR_INTERNAL,
};

/** The one translation from a GlideError to an HTTP status and `{Code, Msg}` body. */
export function toApiError(err: GlideError): { httpStatus: number; body: ApiBody<never> } {
  const business = BUSINESS_CODES[err.code];
  if (business !== undefined) return { httpStatus: 200, body: failure(business, err.message) };
  if (err.status === 400) return { httpStatus: 400, body: failure(API_CODES.BAD_PARAMS, err.message) };
  return { httpStatus: err.status, body: failure(API_CODES.NOT_FOUND_OR_INTERNAL, err.status >= 500 && !err.retryable ? 'internal error' : err.message) };
}
