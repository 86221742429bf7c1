export { createMetricsRegistry, type MetricsRegistry } from './registry.js';
export { Counter, Gauge, Histogram } from 'prom-client';
