// The store area's one face: interfaces, the factory and error helpers.
export type { SqliteSync, Store, StoreEngine, StoreOptions, WriteCheck } from './types.js';
export { SQLITE_SYNC_LEVELS, STORE_ENGINES } from './types.js';
export { FIRST_GID, MAX_UID } from './ids.js';
export type { NewUser, ProfileUpdate, User, UserStore } from './user-store.js';
export { CONTACT_TYPE, REQUEST_STATUS } from './contact-store.js';
export type { BlockedUser, Contact, ContactRequest, ContactStore, ContactType, RequestStatus } from './contact-store.js';
export { SESSION_TYPE } from './session-store.js';
export type { Session, SessionKey, SessionStore, SessionType, SessionUpdate } from './session-store.js';
export { GROUP_ROLE } from './group-store.js';
export type { Group, GroupMember, GroupRole, GroupStore, GroupUpdate, NewGroup, NewMembership } from './group-store.js';
export { MESSAGE_STATUS } from './message-store.js';
export type { AppendOptions, AppendResult, ChatBatch, ChatBatchResult, ChatMessage, ChatPlacement, DeviceCursorAdvance, InboxEntry, InboxPage, InboxSlot, MessageStatus, MessageStore, NewChatMessage, SentMessage } from './message-store.js';
export type { GroupAppendResult, GroupMessage, GroupMessageStore, NewGroupMessage } from './group-message-store.js';
export { OUTBOX_STATE } from './outbox-store.js';
export type { NewOutboxItem, OutboxItem, OutboxStore } from './outbox-store.js';
export type { NewPushEndpoint, PushEndpoint, PushStore } from './push-store.js';
export { createStore } from './sql/sql-store.js';
export { isStoreConflict, isStoreNotFound, isStoreUnavailable } from './errors.js';
