import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BenchUsageError, parseBenchOptions, runBench } from '../../src/bench/index.js';

// Correctness only: a tiny bounded run against a spawned server. Timing lives in bench/RESULTS.md.
describe('glide bench', () => {
  let outDir = '';
  afterEach(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
    outDir = '';
  });

  it('delivers every message of a small chat run exactly once and in order, and writes the summary', async () => {
    outDir = mkdtempSync(join(tmpdir(), 'glide-bench-test-'));
    const options = parseBenchOptions({ spawn: true, users: '4', rate: '5', duration: '2', drain: '10', warmup: '0', workers: '2', out: outDir }, ['chat']);
    const { report, files, isCorrect } = await runBench(options, 'glide bench chat (test)');

    expect(isCorrect).toBe(true);
    const [step] = report.steps ?? [];
    expect(step).toBeDefined();
    expect(step!.sent).toBe(40);
    expect(step).toMatchObject({ acked: 40, delivered: 40, receipts: 40, deliveryPct: 100, lost: 0, unacked: 0, duplicated: 0, outOfOrder: 0, failed: 0 });

    const json = JSON.parse(readFileSync(files.json, 'utf8')) as typeof report;
    expect(json.machine.nproc).toBeGreaterThan(0);
    const saved = json.steps![0]!;
    for (const key of ['sent', 'acked', 'delivered', 'deliveryPct', 'lost', 'duplicated', 'outOfOrder', 'clientCpuPct'] as const) expect(saved[key]).toBeTypeOf('number');
    for (const latency of [saved.latencyMs.ack, saved.latencyMs.delivery, saved.latencyMs.receipt]) {
      expect(latency).toMatchObject({ count: 40 });
      for (const key of ['p50', 'p90', 'p99', 'p999', 'max'] as const) expect(latency![key]).toBeTypeOf('number');
    }
    expect(saved.server?.rssMB).toBeGreaterThan(0);
    expect(saved.commits?.commits).toBeGreaterThan(0);
    expect(readFileSync(files.md, 'utf8')).toContain('send→delivery');
  }, 60_000);

  it('refuses targets other than 127.0.0.1', () => {
    expect(() => parseBenchOptions({ url: 'http://10.0.0.5:8080' }, ['chat'])).toThrow(BenchUsageError);
    expect(() => parseBenchOptions({ url: 'http://localhost:8080' }, ['chat'])).toThrow(/127\.0\.0\.1/);
    expect(parseBenchOptions({ url: 'http://127.0.0.1:9000' }, ['chat']).urls).toEqual(['http://127.0.0.1:9000']);
  });
});
