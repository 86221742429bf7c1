/** `glide bench`: the load generator's face (the runner is in run-bench.ts). */
export { runBench, runBenchCommand, type BenchOutput, type BenchReport } from './run-bench.js';
export { parseBenchOptions, BenchUsageError, type BenchOptions } from './options.js';
export type { StepSummary } from './report.js';
