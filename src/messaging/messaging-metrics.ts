import { Counter, Histogram, TallyCounter, type MetricsRegistry } from '../metrics/index.js';

export type MessagingMetrics = ReturnType<typeof createMessagingMetrics>;

export function createMessagingMetrics(registry: MetricsRegistry) {
  const registers = [registry];
  return {
    accepted: new Counter({ name: 'glide_messages_accepted_total', help: '1:1 messages stored', registers }),
    duplicates: new Counter({ name: 'glide_messages_duplicates_total', help: 'Repeated messages absorbed by idempotency', registers }),
    acks: new Counter({ name: 'glide_messages_acks_total', help: 'ack.message sent to senders', registers }),
    // One per delivered message: tallied in memory, not a labelled prom-client inc (which allocates) each time.
    receipts: new TallyCounter({ name: 'glide_messages_receipts_total', help: 'ack.notify relayed to senders', labelName: 'kind', registers }),
    readReceipts: new Counter({ name: 'glide_messages_read_receipts_total', help: 'notify.read relayed', registers }),
    offlinePushes: new Counter({ name: 'glide_messages_offline_pushes_total', help: 'Messages pushed at sign-in', registers }),
    syncRequests: new Counter({ name: 'glide_messages_sync_requests_total', help: 'Inbox sync requests', registers }),
    refusals: new Counter({ name: 'glide_messages_refusals_total', help: 'Messages refused', labelNames: ['reason'] as const, registers }),
    storeConflicts: new Counter({ name: 'glide_messages_store_conflicts_total', help: 'Commit batches retried because another node took an inbox seq first', registers }),
    recalls: new Counter({ name: 'glide_messages_recalls_total', help: 'Messages recalled', registers }),
    commitBatch: new Histogram({ name: 'glide_messages_commit_batch_size', help: 'Messages per commit', buckets: [1, 2, 4, 8, 16, 32, 64, 128], registers }),
    commitSeconds: new Histogram({ name: 'glide_messages_commit_seconds', help: 'Commit latency', buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5], registers }),
  };
}
