/**
 * CPU per role of a run (each Glide node, the NATS server, the run's PostgreSQL backends), from /proc: the
 * inputs of the capacity model in docs/cluster.md. Roles whose processes are not on this machine (or not
 * readable) are left out, never guessed.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { sampleProcess } from './proc-stats.js';

export interface Role {
  readonly name: string;
  /** The role's processes now (PostgreSQL backends come and go, so this is asked at every sample). */
  pids(): number[];
}

export interface RoleCpu {
  readonly name: string;
  readonly cpuSec: number;
}

function processIds(): number[] {
  try {
    return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number);
  } catch {
    return [];
  }
}

function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().split(/\s+/);
  } catch {
    return [];
  }
}

/** Socket inodes listening on `port` (IPv4 and IPv6, state 0A = LISTEN). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A' && fields[9]) inodes.add(fields[9]);
    }
  }
  return inodes;
}

/** The process listening on a local TCP port (the NATS server of --cluster): found by its socket's inode. */
export function pidListeningOn(port: number): number | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  for (const pid of processIds()) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (target.startsWith('socket:[') && inodes.has(target.slice(8, -1))) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

/**
 * The PostgreSQL backends serving `database`: their title is "postgres: [cluster:] user database host(port) state".
 * Shared background processes (walwriter, checkpointer) are left out: other databases use them too.
 */
export function postgresBackends(database: string): number[] {
  return processIds().filter((pid) => {
    const words = cmdline(pid);
    if (words[0] !== 'postgres:') return false;
    const at = words.indexOf(database, 2);
    return at > 0 && /\(|\[local\]/.test(words[at + 1] ?? '');
  });
}

/** The roles of a bench run: each node, then NATS and PostgreSQL when they are local. */
export function benchRoles(input: { nodePids: readonly number[]; clusterUrl: string | undefined; db: string | undefined }): Role[] {
  const roles: Role[] = input.nodePids.map((pid, i) => ({ name: input.nodePids.length > 1 ? `node ${i + 1}` : 'glide', pids: () => [pid] }));
  if (input.clusterUrl !== undefined) {
    const url = new URL(input.clusterUrl);
    const nats = pidListeningOn(Number(url.port || 4222));
    if (nats !== undefined) roles.push({ name: 'NATS', pids: () => [nats] });
  }
  if (input.db !== undefined) {
    const url = new URL(input.db);
    const database = decodeURIComponent(url.pathname.slice(1));
    if ((url.protocol === 'postgres:' || url.protocol === 'postgresql:') && database) roles.push({ name: 'PostgreSQL', pids: () => postgresBackends(database) });
  }
  return roles;
}

/** Samples every role once a second; a process seen late counts from its first sample. */
export class RoleWatch {
  /** Per role, per pid: CPU seconds at first and last sight. */
  private readonly seen: Map<number, { first: number; last: number }>[];
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(private readonly roles: readonly Role[]) {
    this.seen = roles.map(() => new Map());
    if (roles.length === 0) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref();
  }

  stop(): RoleCpu[] {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return this.roles.map((role, i) => {
      let cpuSec = 0;
      for (const { first, last } of this.seen[i]!.values()) cpuSec += last - first;
      return { name: role.name, cpuSec };
    });
  }

  private sample(): void {
    this.roles.forEach((role, i) => {
      const seen = this.seen[i]!;
      for (const pid of role.pids()) {
        const now = sampleProcess(pid);
        if (!now) continue;
        const entry = seen.get(pid);
        if (entry) entry.last = now.cpuSec;
        else seen.set(pid, { first: now.cpuSec, last: now.cpuSec });
      }
    });
  }
}
