<<<<<<< HEAD
export { ERROR_CATALOG, errorFields, GlideError, isGlideError, stacklessError, type ErrorCode } from './errors.js';
export { systemClock, ManualClock, type Clock } from './clock.js';
=======
export { ERROR_CATALOG, errorFields, GlideError, isGlideError, type ErrorCode } from './errors.js';
export { systemClock, ManualClock, type Clock, type EveryOptions } from './clock.js';
>>>>>>> issue-17i7
export type { Logger } from './logger-type.js';
export { logBackgroundFailure, runInBackground } from './background.js';
export { firstMidAt, MidGenerator, MID_EPOCH_MS, MAX_MID_NODE, nodeOfMid } from './mid.js';
export { Batcher, yieldToEventLoop, type BatchWaiter } from './batcher.js';
export { LruCache } from './lru-cache.js';
export { KeyRate } from './key-rate.js';
export { CursorCoalescer, type MemberCursor } from './cursor-coalescer.js';
export { localCalls, type CallRetry, type OwnedCalls, type OwnedKey } from './owned-calls.js';
export { WindowCounter, type Window } from './window-counter.js';
export { NO_HOOKS, type ConversationKind, type GlideEvent, type Hooks, type MessageDraft, type StoredMessage } from './hooks.js';
