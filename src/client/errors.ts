/**
 * The SDK's one error type. The SDK ships to browsers on its own, so it carries its own small code
 * set instead of the server's catalog; `retryable` says whether trying again may help.
 */
export const CLIENT_ERRORS = {
  /** The server refused the send (message.failed.send, notify.forbidden). */
  SEND_REFUSED: { retryable: false },
  /** No ack.message within the send timeout, resends included. */
  SEND_TIMEOUT: { retryable: true },
  /** The client was closed (or kicked) before the operation finished. */
  CLOSED: { retryable: false },
  /** The connection dropped before a request over it was answered. */
  DISCONNECTED: { retryable: true },
  /** A request over the connection got no reply in time. */
  REQUEST_TIMEOUT: { retryable: true },
  /** The connection's sign-in or an HTTP call was refused: bad, expired or revoked token. */
  AUTH_FAILED: { retryable: false },
  /** Password sign-in refused: unknown account, wrong password, or too many failed attempts (detail.httpStatus 429). */
  SIGNIN_FAILED: { retryable: false },
  /** An API route answered with a business error or a bad status. */
  API_ERROR: { retryable: false },
  /** The network call itself failed (no answer, not JSON). */
  NETWORK: { retryable: true },
  /** The client is not signed in, or not online when it must be. */
  NOT_CONNECTED: { retryable: true },
  /** A frame from the server did not decode. */
  BAD_FRAME: { retryable: false },
  /** The reconnect sync or a group gap pull failed; it is tried again on the next reconnect. */
  SYNC_FAILED: { retryable: true },
} as const;

export type ClientErrorCode = keyof typeof CLIENT_ERRORS;

export class GlideClientError extends Error {
  override readonly name = 'GlideClientError';
  readonly retryable: boolean;

  constructor(
    readonly code: ClientErrorCode,
    message: string,
    /** For API_ERROR: GlideIM's `Code` (1001, 2001 …) and the HTTP status. */
    readonly detail: { apiCode?: number; httpStatus?: number; cause?: unknown } = {},
  ) {
    super(message, detail.cause === undefined ? undefined : { cause: detail.cause });
    this.retryable = CLIENT_ERRORS[code].retryable;
  }
}

export function isClientError(err: unknown, code?: ClientErrorCode): err is GlideClientError {
  return err instanceof GlideClientError && (code === undefined || err.code === code);
}
