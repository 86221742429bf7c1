export { ChatService, type ChatServiceDeps, type MessagingSettings } from './chat-service.js';
export { ChatDelivery, toWireChat } from './chat-delivery.js';
export { ChatWriter, MAX_CHAT_BATCH, type ChatDraft, type ChatWriteResult } from './chat-writer.js';
export { StoreInboxSequencer, type InboxSequencer } from './inbox-sequencer.js';
export { createMessagingMetrics, type MessagingMetrics } from './messaging-metrics.js';
export { IssuedMids } from './issued-mids.js';
export { InboxReader, type DeviceCursors, type InboxReaderDeps } from './inbox-reader.js';
export type { ChatMessage, InboxEntry } from '../store/index.js';
export { MAX_SEARCH_CHARS, MessageSearch, type SearchFilters, type SearchHit, type SearchPage } from './message-search.js';
