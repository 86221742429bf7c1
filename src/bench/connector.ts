/**
 * Opens and signs in a worker's connections at a bounded rate, keeps idle ones alive with heartbeats,
 * and reopens one that dropped. Shared by every workload: chat runs on the connections it opened.
 */
import { ACTIONS } from '../client/index.js';
import { BenchSocket, RetryLaterError } from './bench-socket.js';
import { retryAfterDelay } from '../client/index.js';
import { LatencyHistogram } from './histogram.js';
import type { BenchUser, ConnectResult, HoldResult, WorkerPlan } from './types.js';

/** Upgrade plus sign-in must finish within this, else the connection counts as failed (generous: on a machine shared with other work 15 s was not enough for 1,000 sign-ins on 3 nodes). */
export const OPEN_TIMEOUT_MS = 60_000;

/** Told waits a connect-phase open goes through before it counts as failed. */
const MAX_TOLD_RETRIES = 10;

/** Heartbeats sent in one go before the keepalive lets the worker's I/O run (a late tick may owe one to every socket). */
const BEATS_PER_TURN = 500;

/** One user's connection in this worker. */
export interface Peer {
  readonly index: number;
  readonly user: BenchUser;
  readonly address: string;
  /** The node this user's connection goes to; it moves to the next node only when a connect fails (failover). */
  node: number;
  socket: BenchSocket | undefined;
  /** Increments with every new connection, so a delivery can tell a reconnect from a duplicate. */
  session: number;
  /** Waited for the worker's upgrade turn, ms, summed over attempts (a reconnect resets it): see `upgrade`. */
  turnWaitMs: number;
}

export class Connector {
  readonly peers: Peer[];
  private readonly signin = new LatencyHistogram();
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private heartbeats = 0;
  /** Upgrades under way, and those waiting for a turn (oldest first): see `upgrade`. */
  private upgrading = 0;
  private readonly upgradeTurns: (() => void)[] = [];

  constructor(private readonly plan: WorkerPlan) {
    this.peers = plan.users.map((user, index) => ({
      index,
      user,
      address: plan.sourceAddresses[(plan.workerIndex + index) % plan.sourceAddresses.length] ?? '127.0.0.2',
      node: user.node,
      socket: undefined,
      session: 0,
      turnWaitMs: 0,
    }));
  }

  /** Opens one connection for a peer (and signs it in on Glide). */
  async open(peer: Peer): Promise<BenchSocket> {
    const { codec, target } = this.plan;
    // The relay has no auth: it learns who a socket is from the query.
    const wsUrl = this.plan.wsUrls[peer.node]!;
    const { uid, relayGid } = peer.user;
    const url = target === 'relay' ? `${wsUrl}?uid=${uid}${relayGid === undefined ? '' : `&gid=${relayGid}`}` : wsUrl;
    const started = performance.now();
    const socket = await this.upgrade(() => {
      peer.turnWaitMs += performance.now() - started;
      return BenchSocket.open(url, { localAddress: peer.address, codec, timeoutMs: OPEN_TIMEOUT_MS });
    });
    try {
      if (target === 'glide') await socket.signIn(peer.user.token, OPEN_TIMEOUT_MS);
    } catch (err) {
      socket.terminate();
      throw err;
    }
    this.signin.record(performance.now() - started);
    peer.socket = socket;
    peer.session++;
    return socket;
  }

  /**
   * Runs an upgrade when fewer than `upgradeConcurrency` are under way, else when one ends (in order).
   * A dead node's clients all reconnect within the same second, thousands of them in one worker here:
   * started together, their sockets, binds and requests took one timer callback of seconds, and every
   * upgrade already connected wrote its headers that much later (the nodes answer 408 after 10 s).
   * Real clients each run on their own machine; the bound keeps one worker's clients from delaying each other.
   */
  private async upgrade(start: () => Promise<BenchSocket>): Promise<BenchSocket> {
    if (this.upgrading < this.plan.upgradeConcurrency) this.upgrading++;
    else await new Promise<void>((resolve) => this.upgradeTurns.push(resolve));
    try {
      return await start();
    } finally {
      // The turn passes to the next in line, or the count drops.
      const next = this.upgradeTurns.shift();
      if (next) next();
      else this.upgrading--;
    }
  }

  /** `open`, again after the wait a node asked for (its sign-in line backed up), as a client would; any other failure ends it. */
  private async openAsTold(peer: Peer): Promise<BenchSocket> {
    for (let told = 0; ; told++) {
      try {
        return await this.open(peer);
      } catch (err) {
        if (!(err instanceof RetryLaterError) || told >= MAX_TOLD_RETRIES) throw err;
        await new Promise((resolve) => setTimeout(resolve, retryAfterDelay(err.retryAfterMs)));
      }
    }
  }

  /** Opens every peer's connection at the plan's rate, at most `connectConcurrency` at a time. */
  async openAll(onOpened: (peer: Peer, socket: BenchSocket) => void): Promise<ConnectResult> {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const intervalMs = 1000 / this.plan.connectRate;
    this.keepAlive();
    let failed = 0;
    let firstError: string | undefined;
    let next = 0;
    let inFlight = 0;
    await new Promise<void>((resolve) => {
      const launch = (): void => {
        // Rate: peer i may start at started + i × interval; concurrency caps how many are pending.
        const due = Math.min(this.peers.length, Math.floor((performance.now() - started) / intervalMs) + 1);
        while (next < due && inFlight < this.plan.connectConcurrency) {
          const peer = this.peers[next++]!;
          inFlight++;
          this.openAsTold(peer).then(
            (socket) => {
              inFlight--;
              onOpened(peer, socket);
            },
            (err: unknown) => {
              inFlight--;
              failed++;
              firstError ??= err instanceof Error ? err.message : String(err);
            },
          );
        }
        if (next >= this.peers.length && inFlight === 0) {
          clearInterval(timer);
          resolve();
        }
      };
      const timer = setInterval(launch, Math.max(1, Math.min(50, intervalMs)));
      launch();
    });
    const elapsedMs = performance.now() - started;
    return {
      opened: this.peers.length - failed,
      failed,
      elapsedMs,
      signin: this.signin.toSparse(),
      cpuMicros: cpuSince(cpu),
      ...(firstError === undefined ? {} : { firstError }),
    };
  }

  /**
   * Holds the open connections for `durationMs` (the keepalive beats them). `lostBefore`: signed in,
   * then closed before the hold began (while the rest of the worker was still connecting).
   */
  async hold(durationMs: number): Promise<HoldResult> {
    const cpu = process.cpuUsage();
    let closed = 0;
    let lostBefore = 0;
    const lostReasons: Record<string, number> = {};
    const tally = (reason: string | undefined): void => {
      const key = reason ?? 'unknown';
      lostReasons[key] = (lostReasons[key] ?? 0) + 1;
    };
    const beatsBefore = this.heartbeats;
    for (const peer of this.peers) {
      if (!peer.socket) continue;
      if (!peer.socket.isOpen) {
        lostBefore++;
        tally(peer.socket.lostReason);
      }
      peer.socket.onLost = (reason) => {
        closed++;
        tally(reason);
      };
      peer.socket.listen(() => undefined); // idle: nothing to read, and nothing may pile up
    }
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    const alive = this.peers.filter((peer) => peer.socket?.isOpen === true).length;
    return { alive, closed, lostBefore, lostReasons, heartbeats: this.heartbeats - beatsBefore, cpuMicros: cpuSince(cpu) };
  }

  /**
   * From the first connect on, as the SDK does: a socket that sent nothing for 0.8 × heartbeatMs sends
   * a heartbeat (the server closes one silent for 3 of its intervals). One 1 s tick; socket i is looked
   * at in the second ≡ i (mod period), so beats spread evenly and a tick touches 1/period of the sockets.
   * The period is half the heartbeat's, so a socket is never quiet longer than 1.3 × heartbeatMs (looked at
   * once per heartbeatMs, one that had sent 1 s too recently stayed quiet 1.8 ×, and the server beat it).
   * Seconds, not ticks: a worker too busy to tick every second (a connect or reconnect storm) looks at
   * every slot it missed, else its sockets went unbeaten for period × the lag and the server closed them.
   */
  private keepAlive(): void {
    if (this.keepAliveTimer) return;
    const periodSlots = keepAlivePeriodSlots(this.plan.heartbeatMs);
    let lastSlot = Math.floor(performance.now() / 1000);
    this.keepAliveTimer = setInterval(() => {
      const slot = Math.floor(performance.now() / 1000);
      const due: number[] = [];
      for (const first of slotsDue(lastSlot, slot, periodSlots)) for (let i = first; i < this.peers.length; i += periodSlots) due.push(i);
      lastSlot = slot;
      this.beat(due, 0, performance.now() - this.plan.heartbeatMs * 0.8);
    }, 1000);
  }

  /**
   * Heartbeats to the peers `due[from…]` quiet since `quietSince`, BEATS_PER_TURN at a time: after a stall
   * every socket may be due, and 15,000 loopback writes in one callback stalled the worker again.
   */
  private beat(due: readonly number[], from: number, quietSince: number): void {
    const end = Math.min(due.length, from + BEATS_PER_TURN);
    for (let k = from; k < end; k++) {
      const socket = this.peers[due[k]!]!.socket;
      if (!socket?.isOpen || socket.lastSentAt > quietSince) continue;
      socket.send(ACTIONS.HEARTBEAT);
      this.heartbeats++;
    }
    if (end < due.length) setImmediate(() => this.beat(due, end, quietSince));
  }

  /** After a failed connect: the peer tries the next node of the plan (as the SDK's failover transport does). */
  failover(peer: Peer): void {
    // A stride per peer: the clients of one dead node spread over all the others instead of all
    // landing on its successor (which would then refuse most of them at its accept rate).
    const nodes = this.plan.wsUrls.length;
    peer.node = (peer.node + 1 + (nodes > 2 ? peer.index % (nodes - 1) : 0)) % nodes;
  }

  get openCount(): number {
    let count = 0;
    for (const peer of this.peers) if (peer.socket?.isOpen) count++;
    return count;
  }

  closeAll(): void {
    clearInterval(this.keepAliveTimer);
    for (const peer of this.peers) peer.socket?.close();
  }
}

/** The keepalive slots (first socket index mod period) of the seconds after `lastSlot` up to `slot`: all of them after a long stall. */
/** Seconds between two looks at one socket: half the heartbeat, so the longest quiet is 0.8 + 0.5 of it. */
export function keepAlivePeriodSlots(heartbeatMs: number): number {
  return Math.max(1, Math.round(heartbeatMs / 2000));
}

export function slotsDue(lastSlot: number, slot: number, periodSlots: number): number[] {
  const count = Math.min(periodSlots, slot - lastSlot);
  return Array.from({ length: Math.max(0, count) }, (_, k) => (slot - k) % periodSlots);
}

export function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return used.user + used.system;
}
