export { createMetricsRegistry, type MetricsRegistry } from './registry.js';
export { TallyCounter } from './tally-counter.js';
export { Counter, Gauge, Histogram } from 'prom-client';
