import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './histogram.js';
import { cpuCell, cpuPerItem, stallFigures, threadSplit } from './report.js';
import type { ChatStepResult } from './types.js';

describe('cpuPerItem', () => {
  it('divides server CPU seconds and client CPU µs by the items delivered', () => {
    const figures = cpuPerItem(1.5, 600_000, 20_000);
    expect(figures).toEqual({ server: 75, client: 30 });
    expect(cpuCell(figures)).toBe('75 / 30');
  });

  it('says nothing when nothing was delivered or the server was not measured', () => {
    expect(cpuCell(cpuPerItem(1, 10, 0))).toBe('– / –');
    expect(cpuCell(cpuPerItem(undefined, 1_000, 10))).toBe('– / 100');
  });
});

describe('threadSplit', () => {
  it('divides the main thread\'s CPU and the rest by the items delivered', () => {
    expect(threadSplit({ cpuSec: 2, mainCpuSec: 1.5 }, 10_000)).toBe('150 / 50');
  });
});

describe('stallFigures', () => {
  it('counts deliveries over 250 ms over the workers, takes the worst worker\'s loop delay and the GC pauses of the step', () => {
    const worker = (latencies: number[], loopDelayMs: ChatStepResult['loopDelayMs']): ChatStepResult => {
      const delivery = new LatencyHistogram();
      for (const ms of latencies) delivery.record(ms);
      return { delivery: delivery.toSparse(), loopDelayMs } as ChatStepResult;
    };
    const gc = (over100ms: number, majorCount: number, majorSeconds: number) => ({ over100ms, majorCount, majorSeconds });
    const figures = stallFigures([worker([10, 240, 260, 400], { p99: 3, max: 120 }), worker([255, 9], { p99: 7, max: 40 })], { before: gc(1, 2, 0.05), after: gc(3, 5, 0.2) }, 0.4305);
    expect(figures).toEqual({ deliveriesOverStall: 3, clientLoopDelayMs: { p99: 7, max: 120 }, serverLoopMaxMs: 330.5, serverGc: { over100ms: 2, majorCount: 3, majorSeconds: 0.15 } });
    expect(stallFigures([], undefined, undefined)).toEqual({ deliveriesOverStall: 0, clientLoopDelayMs: { p99: 0, max: 0 }, serverLoopMaxMs: undefined, serverGc: undefined });
  });
});
