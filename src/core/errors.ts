/**
 * The error catalog: every stable code Glide reports, with its HTTP status and whether a retry may help.
 * Codes are area-prefixed. docs/errors.md documents each one (a test keeps the two in step).
 */
export const ERROR_CATALOG = {
  // config
  CONFIG_INVALID: { status: 500, retryable: false, message: 'configuration is invalid' },
  // protocol
  PROTO_NOT_ENVELOPE: { status: 400, retryable: false, message: 'frame is not an envelope' },
  PROTO_BAD_PAYLOAD: { status: 400, retryable: false, message: 'payload does not decode' },
  PROTO_UNKNOWN_ACTION: { status: 400, retryable: false, message: 'unknown action' },
  PROTO_BAD_PREFACE: { status: 400, retryable: false, message: 'bad connection preface' },
  PROTO_FRAME_TOO_LARGE: { status: 413, retryable: false, message: 'frame exceeds the maximum size' },
  PROTO_EMPTY_FRAME: { status: 400, retryable: false, message: 'zero-length frame' },
  // gateway
  GW_QUEUE_OVERFLOW: { status: 503, retryable: true, message: 'send queue overflow' },
  GW_NOT_AUTHENTICATED: { status: 401, retryable: false, message: 'not authenticated' },
  GW_SHUTTING_DOWN: { status: 503, retryable: true, message: 'server is shutting down' },
  GW_NODE_FULL: { status: 503, retryable: true, message: 'too many connections on this node' },
  GW_IP_CONNECTIONS: { status: 429, retryable: true, message: 'too many connections from this address' },
  GW_IP_RATE: { status: 429, retryable: true, message: 'connecting too fast from this address' },
  GW_NODE_RATE: { status: 503, retryable: true, message: 'this node is accepting connections too fast; retry shortly' },
  GW_RATE_LIMITED: { status: 429, retryable: true, message: 'over the connection budget' },
  // auth
  AUTH_ACCOUNT_EXISTS: { status: 409, retryable: false, message: 'account already exists' },
  AUTH_BAD_CREDENTIALS: { status: 401, retryable: false, message: 'bad account or password' },
  AUTH_TOKEN_INVALID: { status: 401, retryable: false, message: 'token is invalid' },
  AUTH_TOKEN_EXPIRED: { status: 401, retryable: false, message: 'token has expired' },
  AUTH_TOKEN_REVOKED: { status: 401, retryable: false, message: 'token has been revoked' },
  AUTH_TICKET_INVALID: { status: 403, retryable: false, message: 'ticket is invalid or expired' },
  AUTH_THROTTLED: { status: 429, retryable: true, message: 'too many failed sign-ins' },
  AUTH_RATE_LIMITED: { status: 429, retryable: true, message: 'too many new accounts from this address' },
  AUTH_BUSY: { status: 503, retryable: true, message: 'password hashing is saturated, retry shortly' },
  AUTH_SIGNIN_BUSY: { status: 503, retryable: true, message: 'too many sign-ins in progress on this node, retry shortly' },
  AUTH_FORBIDDEN: { status: 403, retryable: false, message: 'only trusted addresses may read this' },
  // group
  GROUP_NOT_FOUND: { status: 200, retryable: false, message: 'group not found' },
  GROUP_FORBIDDEN: { status: 403, retryable: false, message: 'not allowed in this group' },
  GROUP_FULL: { status: 200, retryable: false, message: 'the group is full' },
  GROUP_NOT_MEMBER: { status: 403, retryable: false, message: 'not a member of this group' },
  GROUP_READERS_UNAVAILABLE: { status: 400, retryable: false, message: 'read receipts are kept for smaller groups only' },
  // api
  API_BAD_REQUEST: { status: 400, retryable: false, message: 'bad request' },
  API_NOT_FOUND: { status: 404, retryable: false, message: 'route not found' },
  API_BODY_TOO_LARGE: { status: 413, retryable: false, message: 'request body exceeds the maximum size' },
  API_INTERNAL: { status: 500, retryable: true, message: 'internal error' },
  API_RATE_LIMITED: { status: 429, retryable: true, message: 'too many requests of this kind; retry later' },
  // message events (edit, reactions, pins)
  MSG_NOT_FOUND: { status: 404, retryable: false, message: 'no such message in this conversation' },
  MSG_EDIT_DENIED: { status: 403, retryable: false, message: 'only the sender may edit this message' },
  MSG_EDIT_EXPIRED: { status: 403, retryable: false, message: 'the edit window has passed' },
  MSG_PIN_DENIED: { status: 403, retryable: false, message: 'only group admins may pin' },
  MSG_LIMIT_REACHED: { status: 409, retryable: false, message: 'too many reactions or pins' },
  // contact
  CONTACT_SELF: { status: 400, retryable: false, message: 'unable to add yourself as a contact' },
  CONTACT_USER_NOT_FOUND: { status: 404, retryable: false, message: 'user does not exist' },
  CONTACT_EXISTS: { status: 409, retryable: false, message: 'already in the contact list' },
  CONTACT_NOT_FOUND: { status: 404, retryable: false, message: 'not in the contact list' },
  CONTACT_BLOCKED: { status: 403, retryable: false, message: 'you are on this user\'s blacklist' },
  // files (uploads)
  FILE_BAD_UPLOAD: { status: 400, retryable: false, message: 'bad upload' },
  FILE_BAD_IMAGE: { status: 400, retryable: false, message: 'the image does not decode' },
  FILE_TOO_LARGE: { status: 413, retryable: false, message: 'file exceeds the maximum size' },
  FILE_QUOTA_EXCEEDED: { status: 413, retryable: false, message: 'upload quota used up' },
  FILE_RATE_LIMITED: { status: 429, retryable: true, message: 'uploading too fast' },
  FILE_BUSY: { status: 503, retryable: true, message: 'too many uploads in progress' },
  FILE_NOT_FOUND: { status: 404, retryable: false, message: 'no such file' },
  FILE_URL_INVALID: { status: 403, retryable: false, message: 'file link is invalid or expired' },
  FILE_STORAGE_FAILED: { status: 503, retryable: true, message: 'file storage unavailable' },
  // push
  PUSH_NOT_CONFIGURED: { status: 400, retryable: false, message: 'this push kind is not enabled on the server' },
  PUSH_TOO_MANY_ENDPOINTS: { status: 409, retryable: false, message: 'too many push endpoints for this user' },
  PUSH_RATE_LIMITED: { status: 429, retryable: true, message: 'too many push calls, retry shortly' },
  // store
  STORE_NOT_FOUND: { status: 404, retryable: false, message: 'record not found' },
  STORE_CONFLICT: { status: 409, retryable: false, message: 'record already exists' },
  STORE_UNAVAILABLE: { status: 503, retryable: true, message: 'database unavailable' },
  STORE_CLOSED: { status: 503, retryable: false, message: 'store is closed' },
  STORE_BAD_URL: { status: 500, retryable: false, message: 'unsupported store URL' },
  STORE_FULL: { status: 507, retryable: true, message: 'storage full' },
  STORE_INTERNAL: { status: 500, retryable: false, message: 'database error' },
  STORE_NOT_WRITABLE: { status: 503, retryable: false, message: 'the database cannot be written' },
  // cluster (bus, presence, node ids)
  CLUSTER_TIMEOUT: { status: 504, retryable: true, message: 'the other node did not answer in time' },
  CLUSTER_NO_RESPONDER: { status: 503, retryable: true, message: 'no node handles this request' },
  CLUSTER_UNAVAILABLE: { status: 503, retryable: true, message: 'cluster bus unavailable' },
  CLUSTER_CLOSED: { status: 503, retryable: false, message: 'cluster bus is closed' },
  CLUSTER_REMOTE_FAILED: { status: 500, retryable: false, message: 'the other node failed the request' },
  CLUSTER_NODE_ID_TAKEN: { status: 500, retryable: false, message: 'another live node has this node id' },
  CLUSTER_NO_FREE_NODE_ID: { status: 503, retryable: true, message: 'every node id is leased' },
  CLUSTER_NOT_OWNER: { status: 503, retryable: true, message: 'this node does not own the key' },
} as const satisfies Record<string, { status: number; retryable: boolean; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export class GlideError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  /** What the message adds to the code's own text, if anything. */
  readonly detail: string | undefined;

  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown }) {
    const entry = ERROR_CATALOG[code];
    super(detail ? `${entry.message}: ${detail}` : entry.message, options);
    this.detail = detail || undefined;
    this.name = 'GlideError';
    this.code = code;
    this.status = entry.status;
    this.retryable = entry.retryable;
  }
}

/** V8's frame count for new errors (absent elsewhere: there the limit is ignored). */
const errorClass = Error as { stackTraceLimit?: number };

/**
 * A GlideError whose stack is not captured: for failures made by a timer or a reply frame (a bus timeout,
 * a refusal from another node), where the stack only names the timer, and which come by the thousand when
 * a cluster falls behind (capturing stacks was 7 % of a node's CPU in that retry storm, issue 17).
 */
export function stacklessError(code: ErrorCode, detail?: string, options?: { cause?: unknown }): GlideError {
  const limit = errorClass.stackTraceLimit;
  errorClass.stackTraceLimit = 0;
  try {
    return new GlideError(code, detail, options);
  } finally {
    errorClass.stackTraceLimit = limit;
  }
}

export function isGlideError(err: unknown): err is GlideError {
  return err instanceof GlideError;
}

/**
 * What a log line needs of a failure: our code, and the driver's or OS's own code and errno underneath
 * (e.g. STORE_FULL over SQLITE_FULL), so the real cause is never hidden behind a generic message.
 */
export function errorFields(err: unknown): { code?: string; causeCode?: string; errno?: number; reason: string } {
  const fields: { code?: string; causeCode?: string; errno?: number; reason: string } = { reason: err instanceof Error ? err.message : String(err) };
  if (isGlideError(err)) fields.code = err.code;
  const cause = isGlideError(err) ? err.cause : err;
  if (typeof cause === 'object' && cause !== null) {
    const { code, errno } = cause as { code?: unknown; errno?: unknown };
    if (typeof code === 'string' || typeof code === 'number') fields.causeCode = String(code);
    if (typeof errno === 'number') fields.errno = errno;
  }
  return fields;
}
