/**
 * glide-im/client: the Glide SDK for browsers and Node 20. Imports only protocol/ and needs only
 * DOM-level globals (WebSocket, fetch, timers); the Node-only TCP transport is in ./node/.
 */
export { GlideClient, type ClientOptions } from './client.js';
export { newCliMid } from './cli-mid.js';
export { FileApi, fileMessage, readFileMessage, type FileContent, type UploadedFile } from './files.js';
export { GlideApi, httpCaller, type ApiCaller, type ChangeOptions, type ChangeResult, type FetchLike, type HttpMethod } from './http-api.js';
export { changeOf, EVENT_TYPES, isEventRow, withChange } from './message-events.js';
export type { AppInfo, AuthResult, Contact, GroupInfo, GroupMember, GroupReader, GroupState, Profile, PushConfig, PushRegistration, PushTestResult, SearchOptions, SearchPage, SessionLine, SyncPage, UserInfo } from './api-types.js';
export { MemoryCache, type LocalCache, type MemoryCacheOptions } from './cache.js';
export { GlideClientError, isClientError, CLIENT_ERRORS, type ClientErrorCode } from './errors.js';
export { webSocketTransport, failoverTransport, globalWebSocket, wsUrlFor, type Transport, type TransportFactory, type TransportHandlers, type WebSocketConstructor, type WebSocketLike } from './transport.js';
export { backoffDelay, readRetryAfterMs, retryAfterDelay, type BackoffOptions } from './backoff.js';
export { storedGroupNotice } from './stored-notice.js';
export {
  MESSAGE_TYPES,
  MESSAGE_STATUS,
  type ClientEvents,
  type ConnectionState,
  type ConversationKey,
  type Cursors,
  type DeliveredEvent,
  type KickedEvent,
  type Message,
  type MessageLinks,
  type MessageSource,
  type SendOptions,
  type MessageChange,
  type MessageRevision,
  type PinnedMessage,
  type ReadEvent,
  type RecallEvent,
  type SendResult,
  type SignalEvent,
  type StateChange,
  type TypingEvent,
} from './types.js';
export { CODEC_NAMES, GROUP_NOTICE_TYPES, type ContactNotice, type GroupNotice, type LoginNotice, type PresenceEvent, type CodecName } from '../protocol/index.js';
/** The lean wire layer under the SDK, for tools that speak frames themselves (the load generator's raw sockets). */
export {
  ACTIONS,
  DIALECTS,
  codecFor,
  isCodecName,
  readAckMessage,
  readAckNotify,
  readChatMessage,
  readFailedSend,
  type Codec,
  type Envelope,
} from '../protocol/index.js';
