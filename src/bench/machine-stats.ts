/**
 * Machine-wide figures for the kill report, from /proc: the kernel's TCP listen counters (a full accept
 * queue drops the SYN, and the client's kernel sends it again after 1, 3, 7 … s) and how many of the cores
 * were busy, second by second. Together they tell a storm that waits from one that computes.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** The TcpExt counters read: accept-queue overflows and drops, SYNs sent again, retransmission timeouts. */
const TCP_COUNTERS = ['ListenOverflows', 'ListenDrops', 'TCPSynRetrans', 'TCPTimeouts'] as const;

export type TcpCounters = Record<(typeof TCP_COUNTERS)[number], number>;

/** The counters from /proc/net/netstat's text: a "TcpExt:" line of names, then one of values. */
export function parseTcpCounters(text: string): TcpCounters | undefined {
  const lines = text.split('\n').filter((line) => line.startsWith('TcpExt:'));
  if (lines.length < 2) return undefined;
  const names = lines[0]!.split(/\s+/).slice(1);
  const values = lines[1]!.split(/\s+/).slice(1);
  const counters = {} as TcpCounters;
  for (const name of TCP_COUNTERS) {
    const at = names.indexOf(name);
    counters[name] = at < 0 ? 0 : Number(values[at]);
  }
  return counters;
}

/** The machine's TCP counters now; undefined off Linux. */
export function tcpCounters(): TcpCounters | undefined {
  try {
    return parseTcpCounters(readFileSync('/proc/net/netstat', 'utf8'));
  } catch {
    return undefined;
  }
}

export function tcpGrowth(before: TcpCounters, after: TcpCounters): TcpCounters {
  const growth = {} as TcpCounters;
  for (const name of TCP_COUNTERS) growth[name] = after[name] - before[name];
  return growth;
}

/** Busy and total jiffies of all CPUs from /proc/stat's first line (idle and iowait are not busy). */
export function parseCpuJiffies(text: string): { busy: number; total: number } | undefined {
  const fields = /^cpu\s+(.*)$/m.exec(text)?.[1]?.trim().split(/\s+/).map(Number);
  if (!fields || fields.length < 5) return undefined;
  // user nice system idle iowait irq softirq steal (guest time is already inside user and nice).
  const total = fields.slice(0, 8).reduce((n, v) => n + v, 0);
  return { busy: total - fields[3]! - fields[4]!, total };
}

function cpuJiffies(): { busy: number; total: number } | undefined {
  try {
    return parseCpuJiffies(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return undefined;
  }
}

/** Busy cores of the whole machine (every process, ours or not) per second from `start` to `stop`. */
export class MachineCpuWatch {
  private readonly perSecond: number[] = [];
  private readonly cores = cpus().length;
  private last = cpuJiffies();
  private readonly timer = setInterval(() => this.sample(), 1000);

  private sample(): void {
    const now = cpuJiffies();
    if (now && this.last && now.total > this.last.total) this.perSecond.push(((now.busy - this.last.busy) / (now.total - this.last.total)) * this.cores);
    this.last = now;
  }

  /** Busy cores, one figure a second. */
  stop(): number[] {
    clearInterval(this.timer);
    return this.perSecond;
  }
}

/** The accept-queue lengths (Recv-Q of a listener) of `ports` from `ss -ltnH` output, summed. */
export function parseAcceptQueues(text: string, ports: ReadonlySet<number>): number {
  let queued = 0;
  for (const line of text.split('\n')) {
    // LISTEN <Recv-Q> <Send-Q> <address:port> <peer>
    const [state, recvQ, , local] = line.trim().split(/\s+/);
    if (state === 'LISTEN' && local !== undefined && ports.has(Number(local.slice(local.lastIndexOf(':') + 1)))) queued += Number(recvQ);
  }
  return queued;
}

/**
 * Connections waiting in the listeners' accept queues of `ports`, summed, once a second (via `ss`, which asks the
 * kernel for listeners only). Node accepts one connection per event-loop turn, so a busy node's clients wait here,
 * where its own admission cannot see them; none queued while clients are still out means the clients are the limit.
 */
export class AcceptQueueWatch {
  private readonly perSecond: number[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(ports: readonly number[]) {
    const wanted = new Set(ports);
    this.timer = setInterval(() => {
      execFile('ss', ['-ltnH'], (err, stdout) => {
        if (!err) this.perSecond.push(parseAcceptQueues(stdout, wanted));
      });
    }, 1000);
  }

  /** Queued connections, one figure a second. */
  stop(): number[] {
    clearInterval(this.timer);
    return this.perSecond;
  }
}

/** Averages of `values` over consecutive groups of `size` (the last one may be shorter). */
export function groupMeans(values: readonly number[], size: number): number[] {
  const means: number[] = [];
  for (let i = 0; i < values.length; i += size) {
    const group = values.slice(i, i + size);
    means.push(group.reduce((n, v) => n + v, 0) / group.length);
  }
  return means;
}
