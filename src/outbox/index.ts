export { OutboxWorker, type OutboxOutcome, type OutboxSender, type OutboxSettings } from './outbox-worker.js';
export { createHttpPoster, type HttpAnswer, type HttpPoster } from './http-post.js';
export { SIGNATURE_HEADERS, signBody, signedHeaders, verifySignature } from './signature.js';
