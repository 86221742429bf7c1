import { describe, expect, it } from 'vitest';
import { countsByLabel, countsGrowth, diffHistogram, gcPauses, sampleProcess, sampleProcesses, summedCounter, summedHistogram } from './proc-stats.js';

/** One node's /metrics text with a commit histogram and a counter. */
const scrape = (counts: number[], sum: number, conflicts: number): string =>
  [
    '# TYPE glide_commit histogram',
    `glide_commit_bucket{le="1"} ${counts[0]}`,
    `glide_commit_bucket{le="8"} ${counts[1]}`,
    `glide_commit_bucket{le="+Inf"} ${counts[2]}`,
    `glide_commit_sum ${sum}`,
    `glide_commit_count ${counts[2]}`,
    `glide_conflicts_total ${conflicts}`,
    'glide_conflicts_total_other 99',
  ].join('\n');

describe('bench proc-stats over several nodes', () => {
  it('adds the nodes\' histograms bucket by bucket and their counters, skipping nodes that did not answer', () => {
    const texts = [scrape([1, 3, 4], 10, 2), undefined, scrape([0, 2, 5], 30, 5)];
    const total = summedHistogram(texts, 'glide_commit');
    expect(total).toEqual({ buckets: [[1, 1], [8, 5], [Infinity, 9]], sum: 40, count: 9 });
    expect(diffHistogram(summedHistogram([scrape([1, 1, 1], 2, 0)], 'glide_commit'), total!)).toEqual({ buckets: [[1, 0], [8, 4], [Infinity, 8]], sum: 38, count: 8 });
    expect(summedCounter(texts, 'glide_conflicts_total')).toBe(7);
    expect(summedCounter(['glide_x_total{kind="a"} 2\nglide_x_total{kind="b"} 3'], 'glide_x_total')).toBe(5);
    expect(summedHistogram([undefined], 'glide_commit')).toBeUndefined();
    expect(summedCounter(texts, 'glide_missing_total')).toBeUndefined();
  });

  it('tallies a labelled counter by one label over the nodes, and what grew between two scrapes', () => {
    const node = (timeouts: number, kicked: number): string =>
      [
        '# TYPE glide_gateway_disconnects_total counter',
        `glide_gateway_disconnects_total{reason="authentication timeout"} ${timeouts}`,
        `glide_gateway_disconnects_total{transport="ws",reason="kicked"} ${kicked}`,
        'glide_gateway_disconnects_totalx{reason="kicked"} 50',
      ].join('\n');
    const before = countsByLabel([node(1, 2), undefined], 'glide_gateway_disconnects_total', 'reason');
    expect(before).toEqual({ 'authentication timeout': 1, kicked: 2 });
    const after = countsByLabel([node(4, 2), node(3, 0)], 'glide_gateway_disconnects_total', 'reason');
    expect(after).toEqual({ 'authentication timeout': 7, kicked: 2 });
    expect(countsGrowth(before, after)).toEqual({ 'authentication timeout': 6 });
  });

  it('counts GC pauses over 100 ms of every kind and the major ones\' time, over the nodes', () => {
    const node = (minorOver: number, majorOver: number): string =>
      [
        `glide_nodejs_gc_duration_seconds_bucket{le="0.1",kind="minor"} 50`,
        `glide_nodejs_gc_duration_seconds_bucket{le="+Inf",kind="minor"} ${50 + minorOver}`,
        `glide_nodejs_gc_duration_seconds_sum{kind="minor"} 1.5`,
        `glide_nodejs_gc_duration_seconds_count{kind="minor"} ${50 + minorOver}`,
        `glide_nodejs_gc_duration_seconds_bucket{le="0.1",kind="major"} 3`,
        `glide_nodejs_gc_duration_seconds_bucket{le="+Inf",kind="major"} ${3 + majorOver}`,
        `glide_nodejs_gc_duration_seconds_sum{kind="major"} 0.25`,
        `glide_nodejs_gc_duration_seconds_count{kind="major"} ${3 + majorOver}`,
      ].join('\n');
    expect(gcPauses([node(1, 2), undefined, node(0, 1)])).toEqual({ over100ms: 4, majorCount: 9, majorSeconds: 0.5 });
    expect(gcPauses(['glide_other 1'])).toBeUndefined();
  });

  it('sums CPU and RSS of the processes and reports nothing when one is gone', () => {
    const one = sampleProcess(process.pid);
    const two = sampleProcesses([process.pid, process.pid]);
    if (!one) return; // no /proc here
    expect(two!.rssBytes).toBeGreaterThanOrEqual(one.rssBytes);
    expect(two!.cpuSec).toBeGreaterThanOrEqual(2 * one.cpuSec);
    expect(sampleProcesses([process.pid, 2 ** 22 + 1])).toBeUndefined();
    expect(sampleProcesses([])).toBeUndefined();
  });

  it('counts the main thread apart from the others (a busy worker thread adds to the process only)', async () => {
    if (!sampleProcess(process.pid)) return; // no /proc here
    const { Worker } = await import('node:worker_threads');
    const before = sampleProcess(process.pid)!;
    const spin = new Worker('const end = Date.now() + 300; while (Date.now() < end);', { eval: true });
    await new Promise((resolve) => spin.once('exit', resolve));
    const after = sampleProcess(process.pid)!;
    const main = after.mainCpuSec - before.mainCpuSec;
    const others = after.cpuSec - before.cpuSec - main;
    expect(after.mainCpuSec).toBeLessThanOrEqual(after.cpuSec);
    expect(others).toBeGreaterThanOrEqual(0.1);
  });
});
