export { ERROR_CATALOG, errorFields, GlideError, isGlideError, type ErrorCode } from './errors.js';
export { systemClock, ManualClock, type Clock } from './clock.js';
export type { Logger } from './logger-type.js';
export { runInBackground } from './background.js';
export { MidGenerator, MID_EPOCH_MS, MAX_MID_NODE, nodeOfMid } from './mid.js';
export { Batcher, yieldToEventLoop } from './batcher.js';
export { LruCache } from './lru-cache.js';
export { CursorCoalescer } from './cursor-coalescer.js';
export { localCalls, type CallRetry, type OwnedCalls, type OwnedKey } from './owned-calls.js';
