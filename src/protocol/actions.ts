/**
 * The action vocabulary of protocol.md: what a client may send, what the server sends, and what is
 * allowed before sign-in. `api.<path>` actions are open-ended and routed by the api layer.
 */

export const ACTIONS = {
  // client to server
  AUTHENTICATE: 'authenticate',
  API_AUTH: 'api.auth',
  API_USER_AUTH: 'api.user.auth',
  HEARTBEAT: 'heartbeat',
  MESSAGE_CHAT: 'message.chat',
  MESSAGE_CHAT_RETRY: 'message.chat.retry',
  MESSAGE_CHAT_RESEND: 'message.chat.resend',
  MESSAGE_CHAT_RECALL: 'message.chat.recall',
  MESSAGE_GROUP: 'message.group',
  MESSAGE_GROUP_RECALL: 'message.group.recall',
  ACK_REQUEST: 'ack.request',
  ACK_GROUP_MSG: 'ack.group.msg',
  ACK_READ: 'ack.read',
  MESSAGE_CLI: 'message.cli',
  // server to client (message.chat, message.group, their recalls, message.cli and heartbeat go both ways)
  ACK_MESSAGE: 'ack.message',
  ACK_NOTIFY: 'ack.notify',
  MESSAGE_FAILED_SEND: 'message.failed.send',
  NOTIFY_SUCCESS: 'notify.success',
  NOTIFY_ERROR: 'notify.error',
  NOTIFY_AUTH: 'notify.auth',
  NOTIFY_FORBIDDEN: 'notify.forbidden',
  NOTIFY_KICKOUT: 'notify.kickout',
  NOTIFY_LOGIN: 'notify.login',
  NOTIFY_CONTACT: 'notify.contact',
  NOTIFY_GROUP: 'notify.group',
  NOTIFY_READ: 'notify.read',
  /** An edit, reaction or pin in a 1:1 conversation / a group, in its sequence (G2; G1 clients ignore it). */
  MESSAGE_CHAT_EVENT: 'message.chat.event',
  MESSAGE_GROUP_EVENT: 'message.group.event',
  EVENT_USER_ONLINE: 'event.user.online',
  EVENT_USER_OFFLINE: 'event.user.offline',
  API_SUCCESS: 'api.success',
  API_FAILED: 'api.failed',
} as const;

export type Action = (typeof ACTIONS)[keyof typeof ACTIONS];

export const CLIENT_ACTIONS = [
  ACTIONS.AUTHENTICATE,
  ACTIONS.API_AUTH,
  ACTIONS.API_USER_AUTH,
  ACTIONS.HEARTBEAT,
  ACTIONS.MESSAGE_CHAT,
  ACTIONS.MESSAGE_CHAT_RETRY,
  ACTIONS.MESSAGE_CHAT_RESEND,
  ACTIONS.MESSAGE_CHAT_RECALL,
  ACTIONS.MESSAGE_GROUP,
  ACTIONS.MESSAGE_GROUP_RECALL,
  ACTIONS.ACK_REQUEST,
  ACTIONS.ACK_GROUP_MSG,
  ACTIONS.ACK_READ,
  ACTIONS.MESSAGE_CLI,
] as const;
/** A fixed client action; `api.<path>` requests are matched with isApiAction instead. */
export type ClientAction = (typeof CLIENT_ACTIONS)[number];

export const SERVER_ACTIONS = [
  ACTIONS.ACK_MESSAGE,
  ACTIONS.ACK_NOTIFY,
  ACTIONS.MESSAGE_CHAT,
  ACTIONS.MESSAGE_CHAT_RECALL,
  ACTIONS.MESSAGE_GROUP,
  ACTIONS.MESSAGE_GROUP_RECALL,
  ACTIONS.MESSAGE_FAILED_SEND,
  ACTIONS.MESSAGE_CLI,
  ACTIONS.NOTIFY_SUCCESS,
  ACTIONS.NOTIFY_ERROR,
  ACTIONS.NOTIFY_AUTH,
  ACTIONS.NOTIFY_FORBIDDEN,
  ACTIONS.NOTIFY_KICKOUT,
  ACTIONS.NOTIFY_LOGIN,
  ACTIONS.NOTIFY_CONTACT,
  ACTIONS.NOTIFY_GROUP,
  ACTIONS.NOTIFY_READ,
  ACTIONS.MESSAGE_CHAT_EVENT,
  ACTIONS.MESSAGE_GROUP_EVENT,
  ACTIONS.EVENT_USER_ONLINE,
  ACTIONS.EVENT_USER_OFFLINE,
  ACTIONS.API_SUCCESS,
  ACTIONS.API_FAILED,
  ACTIONS.HEARTBEAT,
] as const;
export type ServerAction = (typeof SERVER_ACTIONS)[number];

/** Fixed actions processed before sign-in. Public api.* routes are allowed too; the api layer decides which. */
export const PRE_AUTH_ACTIONS = [ACTIONS.AUTHENTICATE, ACTIONS.API_AUTH, ACTIONS.API_USER_AUTH, ACTIONS.HEARTBEAT] as const;
export type PreAuthAction = (typeof PRE_AUTH_ACTIONS)[number];

/** Prefix of the actions that run an HTTP route over the long connection. */
export const API_ACTION_PREFIX = 'api.';

const clientActionSet: ReadonlySet<string> = new Set(CLIENT_ACTIONS);
const serverActionSet: ReadonlySet<string> = new Set(SERVER_ACTIONS);
const preAuthActionSet: ReadonlySet<string> = new Set(PRE_AUTH_ACTIONS);

export function isClientAction(action: string): action is ClientAction {
  return clientActionSet.has(action);
}

export function isServerAction(action: string): action is ServerAction {
  return serverActionSet.has(action);
}

export function isPreAuthAction(action: string): action is PreAuthAction {
  return preAuthActionSet.has(action);
}

/** `api.<path>` with a non-empty path (includes api.auth, api.user.auth, api.success, api.failed). */
export function isApiAction(action: string): boolean {
  return action.length > API_ACTION_PREFIX.length && action.startsWith(API_ACTION_PREFIX);
}

/**
 * The HTTP route path an `api.<path>` action stands for, dots turned into slashes:
 * `api.msg.chat.history` → `msg/chat/history`. Undefined for anything else.
 */
export function apiRoutePath(action: string): string | undefined {
  if (!isApiAction(action)) return undefined;
  return action.slice(API_ACTION_PREFIX.length).replaceAll('.', '/');
}
