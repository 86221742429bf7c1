import { collectDefaultMetrics, Registry } from 'prom-client';

export type MetricsRegistry = Registry;

/**
 * One registry per app (never prom-client's global), so several in-process nodes and tests don't
 * collide. Each area registers its own metrics on it.
 */
export function createMetricsRegistry(options: { isDefaultMetrics: boolean; labels?: Record<string, string> }): MetricsRegistry {
  const registry = new Registry();
  if (options.labels) registry.setDefaultLabels(options.labels);
  if (options.isDefaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'glide_' });
  return registry;
}
