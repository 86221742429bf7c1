import { describe, expect, it } from 'vitest';
import { groupMeans, parseAcceptQueues, parseCpuJiffies, parseTcpCounters, tcpCounters, tcpGrowth } from './machine-stats.js';

describe('machine stats', () => {
  it('reads the TcpExt listen counters by name, 0 for one the kernel lacks', () => {
    const text = 'TcpExt: SyncookiesSent ListenOverflows ListenDrops TCPTimeouts\nTcpExt: 1 7 9 3\nIpExt: InNoRoutes\nIpExt: 0\n';
    expect(parseTcpCounters(text)).toEqual({ ListenOverflows: 7, ListenDrops: 9, TCPSynRetrans: 0, TCPTimeouts: 3 });
    expect(parseTcpCounters('IpExt: a\nIpExt: 1\n')).toBeUndefined();
    const before = { ListenOverflows: 1, ListenDrops: 1, TCPSynRetrans: 5, TCPTimeouts: 0 };
    expect(tcpGrowth(before, { ListenOverflows: 4, ListenDrops: 4, TCPSynRetrans: 5, TCPTimeouts: 2 })).toEqual({ ListenOverflows: 3, ListenDrops: 3, TCPSynRetrans: 0, TCPTimeouts: 2 });
  });

  it('reads this machine', () => {
    // Linux only, as the bench's other /proc readers.
    const counters = tcpCounters();
    expect(counters?.ListenOverflows).toBeGreaterThanOrEqual(0);
  });

  it('counts idle and iowait as not busy', () => {
    expect(parseCpuJiffies('cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3 4\n')).toEqual({ busy: 150, total: 1000 });
    expect(parseCpuJiffies('intr 1 2 3')).toBeUndefined();
  });

  it('sums the accept queues of the given ports only', () => {
    const text = 'LISTEN 12     4096   127.0.0.1:41887 0.0.0.0:*\nLISTEN 0 244 127.0.0.1:5432 0.0.0.0:*\nLISTEN 30 4096 [::1]:36515 [::]:*\nLISTEN 99 4096 127.0.0.1:1 0.0.0.0:*\n';
    expect(parseAcceptQueues(text, new Set([41887, 36515, 5432]))).toBe(42);
    expect(parseAcceptQueues('', new Set([1]))).toBe(0);
  });

  it('averages groups, the last one short', () => {
    expect(groupMeans([1, 3, 2, 2, 5], 2)).toEqual([2, 2, 5]);
    expect(groupMeans([], 5)).toEqual([]);
  });
});
