import { collectDefaultMetrics, Registry } from 'prom-client';

export type MetricsRegistry = Registry;

const EVENT_LOOP_SAMPLE_MS = 100;

/**
 * One registry per app (never prom-client's global), so several in-process nodes and tests don't
 * collide. Each area registers its own metrics on it.
 */
export function createMetricsRegistry(options: { isDefaultMetrics: boolean; labels?: Record<string, string> }): MetricsRegistry {
  const registry = new Registry();
  if (options.labels) registry.setDefaultLabels(options.labels);
  // The event-loop lag sampler is a libuv timer: at prom-client's default 10 ms it woke an idle node 100 times
  // a second (most of its idle CPU, issue 17); 100 ms still shows stalls.
  if (options.isDefaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'glide_', eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  return registry;
}
