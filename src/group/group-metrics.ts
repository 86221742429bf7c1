import { Counter, Histogram, type MetricsRegistry } from '../metrics/index.js';

export type GroupMetrics = ReturnType<typeof createGroupMetrics>;

export function createGroupMetrics(registry: MetricsRegistry) {
  const registers = [registry];
  return {
    messages: new Counter({ name: 'glide_group_messages_total', help: 'Group messages stored', registers }),
    duplicates: new Counter({ name: 'glide_group_duplicates_total', help: 'Repeated group messages absorbed', registers }),
    notices: new Counter({ name: 'glide_group_notices_total', help: 'notify.group stored in sequences', labelNames: ['type'] as const, registers }),
    deliveries: new Counter({ name: 'glide_group_fanout_deliveries_total', help: 'Group frames queued to connections', registers }),
    fanoutSeconds: new Histogram({ name: 'glide_group_fanout_seconds', help: 'Time to queue one group message to every member connection', buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5], registers }),
    refusals: new Counter({ name: 'glide_group_refusals_total', help: 'Group sends refused', labelNames: ['reason'] as const, registers }),
    commitBatch: new Histogram({ name: 'glide_group_commit_batch_size', help: 'Group writes per commit', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256], registers }),
  };
}
