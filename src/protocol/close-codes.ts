/**
 * Why the server closes a connection: the one catalog of close codes, read by the gateway, the client SDK
 * (which stops reconnecting after a `reconnect: false` code) and through it the web page. WebSocket clients see `code` and `reason` in the close frame;
 * TCP clients get a last `notify.error` frame with the same fields before the socket ends.
 * `reconnect` tells a client whether trying again makes sense.
 */
export const DISCONNECT = {
  SHUTDOWN: { code: 1001, reason: 'server shutdown', reconnect: true },
  BAD_FRAME: { code: 4000, reason: 'frame is not an envelope', reconnect: false },
  KICKED: { code: 4001, reason: 'signed in on another device', reconnect: false },
  HEARTBEAT_TIMEOUT: { code: 4002, reason: 'heartbeat timeout', reconnect: true },
  SLOW_CONSUMER: { code: 4003, reason: 'send queue overflow', reconnect: true },
  FRAME_TOO_LARGE: { code: 4004, reason: 'frame too large', reconnect: false },
  BAD_PREFACE: { code: 4005, reason: 'bad preface', reconnect: false },
  TOO_MANY_PENDING: { code: 4006, reason: 'too many frames waiting for a reply', reconnect: true },
  SIGNED_OUT: { code: 4007, reason: 'signed out', reconnect: false },
  AUTH_TIMEOUT: { code: 4008, reason: 'authentication timeout', reconnect: true },
  INTERNAL_ERROR: { code: 1011, reason: 'internal error', reconnect: true },
  CLIENT_CLOSED: { code: 1000, reason: 'closed by client', reconnect: true },
} as const;

export type DisconnectName = keyof typeof DISCONNECT;
export type DisconnectReason = (typeof DISCONNECT)[DisconnectName];
