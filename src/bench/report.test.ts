import { describe, expect, it } from 'vitest';
import { cpuCell, cpuPerItem, threadSplit } from './report.js';

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
