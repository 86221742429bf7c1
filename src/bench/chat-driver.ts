/**
 * One worker's side of a chat step: every user sends to its pair partner on a fixed schedule, with the
 * full contract on Glide (ack.message, delivery, ack.request, ack.notify) and delivery only on the
 * relay. Per message it keeps a send time, a few flags and the mid in typed arrays (bounded by the
 * step's message cap), so loss, duplicates and order are counted exactly, not sampled.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ACTIONS, backoffDelay, readAckMessage, readAckNotify, readChatMessage, readFailedSend, type Envelope } from '../client/index.js';
import { RetryLaterError, type BenchSocket } from './bench-socket.js';
import type { Connector } from './connector.js';
import { LatencyHistogram, type SerializedHistogram } from './histogram.js';
import { newTrack, type Track } from './chat-track.js';
import { failureKind, RECONNECT_BACKOFF, reconnectDelay } from './reconnect-policy.js';
import { ReconnectSplit } from './reconnect-split.js';
import type { ChatCounters, ChatStep, ChatStepResult, WorkerPlan } from './types.js';

const ACKED = 1;
const DELIVERED = 2;
const RECEIPTED = 4;
/** A send this far behind its schedule means the client could not keep up. */
const LATE_MS = 10;
const TICK_MS = 2;
/** The event-loop delay sampler's timer (ms): what it reports includes this interval, subtracted below. */
const LOOP_RESOLUTION_MS = 10;
/** A message's number in its cliMid, zero-padded so cliMids sort in send order. */
const N_DIGITS = 8;

export class ChatDriver {
  private readonly tracks: Track[];
  /** The tracks with something to send: the 2 ms tick walks these only (--kill-one's trickle is 200 of 100,000 users). */
  private readonly senders: Track[];
  private readonly counters: ChatCounters = { sent: 0, acked: 0, delivered: 0, receipts: 0, failed: 0, errors: 0 };
  private readonly hist = { ack: new LatencyHistogram(), delivery: new LatencyHistogram(), receipt: new LatencyHistogram(), reconnect: new LatencyHistogram(), reconnectUpgrade: new LatencyHistogram(), reconnectSignin: new LatencyHistogram(), resync: new LatencyHistogram() };
  /** Delivery latencies since the last progress report. */
  readonly window = new LatencyHistogram();
  private readonly split = new ReconnectSplit();
  private readonly lostReasons: Record<string, number> = {};
  /** Reconnect attempts that failed, by error. */
  private readonly failedAttempts: Record<string, number> = {};
  private extra = { duplicated: 0, outOfOrder: 0, redelivered: 0, stale: 0, strayReceipts: 0, lateSends: 0, dropped: 0, resynced: 0, lostConnections: 0, lastReconnectAt: 0 };
  private readonly prefix: string;
  private readonly content: string;
  private readonly isGlide: boolean;
  private startedAt = 0;
  /** Set when the step has reported: reconnect attempts stop instead of running on forever. */
  private isOver = false;
  private perUser = 0;
  private intervalMs = 0;

  constructor(
    private readonly plan: WorkerPlan,
    private readonly connector: Connector,
    private readonly step: ChatStep,
  ) {
    this.isGlide = plan.target === 'glide';
    this.prefix = `${plan.runTag}.${step.index}.`;
    this.content = 'x'.repeat(step.contentBytes);
    const peers = connector.peers;
    this.perUser = Math.min(step.maxMessagesPerUser, Math.max(1, Math.round((step.ratePerUser * step.durationMs) / 1000)));
    // Spread each user's count over the step (equal to 1000 / rate unless rate × duration < 1).
    this.intervalMs = step.durationMs / this.perUser;
    const senderEvery = step.senderEvery ?? 1;
    this.tracks = peers.map((peer, i) => {
      const quota = Math.floor(i / 2) % senderEvery === 0 ? this.perUser : 0;
      // Spread the users' send times over one interval so the load is smooth, not a burst per tick.
      return newTrack(peer, i, quota, (i / peers.length) * this.intervalMs);
    });
    this.senders = this.tracks.filter((track) => track.quota > 0);
    for (const track of this.tracks) if (track.peer.socket) this.attach(track, track.peer.socket);
  }

  /** Peers whose connection failed to open or was lost before this step: reopened with backoff like any lost one. */
  private reopenClosed(): void {
    for (const track of this.tracks) {
      if (track.isOnline) continue;
      track.isOnline = true;
      this.reconnect(track, performance.now(), false);
    }
  }

  get progress(): ChatCounters {
    return { ...this.counters };
  }

  async run(): Promise<ChatStepResult> {
    const cpu = process.cpuUsage();
    // This worker's own stalls (GC, a busy machine): they show in every latency it measures, not the server's doing.
    const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    loop.enable();
    this.startedAt = performance.now();
    const { durationMs, drainMs, drop } = this.step;
    if (this.step.isReopening === true) this.reopenClosed();
    const ticker = setInterval(() => this.tick(), TICK_MS);
    const dropTimer = drop ? setTimeout(() => this.dropSome(drop.fraction), drop.atMs) : undefined;
    await sleep(durationMs);
    // Whatever the schedule still owes is sent now, so every step sends its full count.
    this.tick();
    const owed = this.tracks.reduce((n, t) => n + t.quota - t.sentCount, 0);
    this.tick(Infinity);
    clearInterval(ticker);
    if (dropTimer) clearTimeout(dropTimer);
    const drainUntil = performance.now() + drainMs;
    while (performance.now() < drainUntil && !this.isSettled()) {
      this.tick(Infinity);
      await sleep(20);
    }
    loop.disable();
    const beyondTimer = (ns: number) => Math.max(0, Math.round((ns / 1e6 - LOOP_RESOLUTION_MS) * 10) / 10);
    return { ...this.result(process.cpuUsage(cpu), owed), isDrained: this.isSettled(), loopDelayMs: { p99: beyondTimer(loop.percentile(99)), max: beyondTimer(loop.max) } };
  }

  private isSettled(): boolean {
    const { sent, acked, delivered, receipts } = this.counters;
    if (this.tracks.some((t) => !t.isOnline || t.sentCount < t.quota)) return false;
    if (!this.isGlide) return delivered >= sent;
    // After a drop some receipts went to a closed socket (ack.notify is not stored): don't wait for them.
    return acked >= sent && delivered >= sent && (this.extra.dropped > 0 || receipts >= acked);
  }

  /** Sends what each online user owes by now (`until` = Infinity: the whole step's count). */
  private tick(until = performance.now()): void {
    const now = performance.now();
    const elapsed = until - this.startedAt;
    for (const track of this.senders) {
      if (!track.isOnline || track.sentCount >= track.quota) continue;
      const due = elapsed < track.phaseMs ? 0 : Math.min(track.quota, Math.floor((elapsed - track.phaseMs) / this.intervalMs) + 1);
      while (track.sentCount < due) {
        const n = track.sentCount++;
        // A dropped client catching up after its reconnect is late by design: not counted.
        if (until !== Infinity && track.droppedAt === 0 && now - (this.startedAt + track.phaseMs + n * this.intervalMs) > LATE_MS) this.extra.lateSends++;
        track.sentAt[n] = now;
        this.sendChat(track, n, ACTIONS.MESSAGE_CHAT);
        this.counters.sent++;
      }
    }
  }

  private sendChat(track: Track, n: number, action: string): void {
    const to = this.tracks[track.partner]!.peer.user.uid;
    // Send order first, as the SDK's time-first cliMids (client/cli-mid.ts) are: the store's dedup key appends at one edge.
    track.peer.socket!.send(action, { cliMid: `${this.prefix}${String(n).padStart(N_DIGITS, '0')}.${track.peer.index}`, to, type: 1, content: this.content, sendAt: Date.now() });
  }

  private attach(track: Track, socket: BenchSocket): void {
    socket.listen((envelope) => this.receive(track, envelope));
    socket.onLost = (reason) => {
      this.counters.errors++;
      this.extra.lostConnections++;
      this.lostReasons[reason] = (this.lostReasons[reason] ?? 0) + 1;
      this.reconnect(track, performance.now(), false);
    };
  }

  private receive(track: Track, envelope: Envelope): void {
    switch (envelope.action) {
      case ACTIONS.MESSAGE_CHAT:
        return this.onChat(track, envelope);
      case ACTIONS.ACK_MESSAGE:
        return this.onAck(track, envelope);
      case ACTIONS.ACK_NOTIFY:
        return this.onReceipt(track, envelope);
      case ACTIONS.MESSAGE_FAILED_SEND:
      case ACTIONS.NOTIFY_ERROR:
      case ACTIONS.NOTIFY_FORBIDDEN:
        this.counters.failed++;
        if (this.counters.failed === 1) process.stderr.write(`bench: ${envelope.action} ${JSON.stringify(envelope.action === ACTIONS.MESSAGE_FAILED_SEND ? readFailedSend(envelope.data) : envelope.data)}\n`);
        return;
      case ACTIONS.HEARTBEAT:
        // The server asks after a silent interval; a user that is not sending (--kill-one's idle pairs) answers as the SDK does.
        track.peer.socket?.send(ACTIONS.HEARTBEAT);
        return;
      case ACTIONS.NOTIFY_AUTH:
      case ACTIONS.NOTIFY_KICKOUT:
        this.counters.errors++;
        return;
    }
  }

  /** Which of this step's messages a cliMid names: [sender index, n], or undefined for another run or step. */
  private parse(cliMid: string | undefined): [number, number] | undefined {
    if (cliMid === undefined || !cliMid.startsWith(this.prefix)) return undefined;
    const dot = this.prefix.length + N_DIGITS;
    const n = Number(cliMid.slice(this.prefix.length, dot));
    const sender = Number(cliMid.slice(dot + 1));
    const track = this.tracks[sender];
    return track && n >= 0 && n < track.sentCount ? [sender, n] : undefined;
  }

  private onAck(track: Track, envelope: Envelope): void {
    const ack = readAckMessage(envelope.data);
    const parsed = this.parse(ack.cliMid);
    if (!parsed || parsed[0] !== track.peer.index) return;
    const n = parsed[1];
    if (track.flags[n]! & ACKED) return; // the ack of a retry
    track.flags[n]! |= ACKED;
    track.mids[n] = ack.mid;
    track.midToN.set(ack.mid, n);
    if (n > track.ackedHigh) track.ackedHigh = n;
    this.counters.acked++;
    this.hist.ack.record(performance.now() - track.sentAt[n]!);
  }

  private onChat(receiver: Track, envelope: Envelope): void {
    const chat = readChatMessage(envelope.data);
    const socket = receiver.peer.socket;
    if (this.isGlide && chat.mid !== undefined && chat.from !== undefined) socket?.send(ACTIONS.ACK_REQUEST, { mid: chat.mid, from: chat.from });
    if (chat.from === receiver.peer.user.uid) return; // own message pushed back at sign-in sync
    const parsed = this.parse(chat.cliMid);
    if (!parsed || parsed[0] !== receiver.partner) {
      this.extra.stale++;
      return;
    }
    const sender = this.tracks[parsed[0]]!;
    const n = parsed[1];
    const session = receiver.peer.session;
    if (sender.flags[n]! & DELIVERED) {
      const isSameMid = !this.isGlide || sender.mids[n] === 0 || sender.mids[n] === chat.mid;
      if (sender.deliveredIn[n] === session || !isSameMid) this.extra.duplicated++;
      else this.extra.redelivered++;
      return;
    }
    const now = performance.now();
    sender.flags[n]! |= DELIVERED;
    sender.deliveredIn[n] = session;
    sender.seqs[n] = chat.seq ?? 0;
    this.counters.delivered++;
    const latency = now - sender.sentAt[n]!;
    this.hist.delivery.record(latency);
    this.window.record(latency);
    if (n < receiver.highest) this.extra.outOfOrder++;
    else receiver.highest = n;
    while (receiver.contiguous < sender.sentCount && sender.flags[receiver.contiguous]! & DELIVERED) receiver.contiguous++;
    if (receiver.resyncTarget >= 0 && receiver.contiguous > receiver.resyncTarget) this.finishResync(receiver, now);
  }

  private onReceipt(track: Track, envelope: Envelope): void {
    const receipt = readAckNotify(envelope.data);
    const n = track.midToN.get(receipt.mid);
    if (n === undefined || track.flags[n]! & RECEIPTED) {
      this.extra.strayReceipts++;
      return;
    }
    track.flags[n]! |= RECEIPTED;
    track.midToN.delete(receipt.mid);
    this.counters.receipts++;
    this.hist.receipt.record(performance.now() - track.sentAt[n]!);
  }

  /** reconnect: drops `fraction` of this worker's users at once (spread evenly) and signs them in again. */
  private dropSome(fraction: number): void {
    const now = performance.now();
    this.tracks.forEach((track, i) => {
      if (Math.floor((i + 1) * fraction) === Math.floor(i * fraction) || !track.isOnline) return;
      this.extra.dropped++;
      track.peer.socket?.terminate();
      this.reconnect(track, now, true);
    });
  }

  /**
   * Reopens the peer's connection on another node: at once after a drop the bench made, else after the
   * SDK's jittered backoff (a dead node's clients must not all come back in one instant). A failed
   * attempt moves the peer to another node again and doubles the wait.
   */
  private reconnect(track: Track, droppedAt: number, isImmediate: boolean): void {
    if (!track.isOnline) return;
    track.isOnline = false;
    track.droppedAt = droppedAt;
    track.resyncTarget = -1;
    const { peer } = track;
    peer.turnWaitMs = 0;
    // As the SDK: a new connection goes to another node, not first back to the one that just dropped it
    // (dead, it cost every client an attempt, its turn and a second backoff before the failover).
    this.connector.failover(peer);
    const clock = this.split.lost();
    let failures = 0;
    const attempt = (): void => {
      const started = performance.now();
      const turnBefore = peer.turnWaitMs;
      clock.attempts++;
      this.connector.open(peer).then(
        (socket) => {
          this.hist.reconnectUpgrade.record(socket.upgradeMs);
          this.hist.reconnectSignin.record(performance.now() - socket.openedAt);
          this.split.back(clock, peer.turnWaitMs, socket);
          this.resume(track, socket);
        },
        (err: unknown) => {
          clock.failedMs += performance.now() - started - (peer.turnWaitMs - turnBefore);
          this.counters.errors++;
          const reason = failureKind(err);
          this.failedAttempts[reason] = (this.failedAttempts[reason] ?? 0) + 1;
          this.connector.failover(peer);
          // As the SDK: a wait the node asked for replaces the backoff and does not grow it.
          const delayMs = reconnectDelay(err, failures);
          if (!(err instanceof RetryLaterError)) failures++;
          if (!this.isOver) sleepThen(delayMs);
        },
      );
    };
    const sleepThen = (delayMs: number): void => {
      const asleepAt = performance.now();
      setTimeout(() => {
        clock.sleptMs += performance.now() - asleepAt;
        attempt();
      }, delayMs);
    };
    if (isImmediate) attempt();
    else sleepThen(backoffDelay(failures++, RECONNECT_BACKOFF));
  }

  /** Signed in again: resend what was never acked (same cliMid: the server dedups), then wait for the resync. */
  private resume(track: Track, socket: BenchSocket): void {
    if (this.isOver) return; // the next step's driver picks the socket up
    const now = performance.now();
    this.attach(track, socket);
    track.isOnline = true;
    track.backAt = now;
    this.extra.lastReconnectAt = Date.now();
    this.hist.reconnect.record(now - track.droppedAt);
    for (let n = 0; n < track.sentCount; n++) if (!(track.flags[n]! & ACKED)) this.sendChat(track, n, ACTIONS.MESSAGE_CHAT_RETRY);
    // Resynced = everything the partner had been acked for by now has arrived.
    track.resyncTarget = this.tracks[track.partner]!.ackedHigh;
    if (track.contiguous > track.resyncTarget) this.finishResync(track, now);
  }

  private finishResync(track: Track, now: number): void {
    track.resyncTarget = -1;
    this.extra.resynced++;
    this.hist.resync.record(now - track.droppedAt);
  }

  private result(cpu: NodeJS.CpuUsage, owedAtEnd: number): Omit<ChatStepResult, 'isDrained' | 'loopDelayMs'> {
    this.isOver = true;
    let lost = 0;
    let lostToOffline = 0;
    const lostToBack = { late: 0, neverLost: 0 };
    const lateSince = performance.now() - LATE_BACK_MS;
    let unacked = 0;
    let storedOutOfOrder = 0;
    for (const track of this.tracks) {
      const isReceiverOnline = this.tracks[track.partner]?.isOnline === true;
      let seqHigh = 0;
      for (let n = 0; n < track.sentCount; n++) {
        const flags = track.flags[n]!;
        if (this.isGlide && !(flags & ACKED)) unacked++;
        if (!(flags & DELIVERED) && (!this.isGlide || flags & ACKED)) {
          lost++;
          const backAt = this.tracks[track.partner]?.backAt ?? 0;
          if (!isReceiverOnline) lostToOffline++;
          else if (backAt === 0) lostToBack.neverLost++;
          else if (backAt > lateSince) lostToBack.late++;
        }
        // A later send stored under a lower inbox seq: the SDK (which orders by seq) would show these out of order too.
        const seq = track.seqs[n]!;
        if (!(flags & DELIVERED) || seq === 0) continue;
        if (seq < seqHigh) storedOutOfOrder++;
        else seqHigh = seq;
      }
    }
    return {
      ...this.counters,
      ...this.extra,
      lostReasons: this.lostReasons,
      failedAttempts: this.failedAttempts,
      reconnectSplit: this.split.toResult(),
      lost,
      lostToOffline,
      lostToBack,
      storedOutOfOrder,
      unacked,
      owedAtEnd,
      elapsedMs: performance.now() - this.startedAt,
      ...sparseAll(this.hist),
      online: this.tracks.filter((t) => t.isOnline).length,
      cpuMicros: cpu.user + cpu.system,
    };
  }
}

/** A receiver back within this of the end may still be owed a late sign-in check (messaging/gap-repair.ts: 2 s and 10 s). */
const LATE_BACK_MS = 10_000;

function sparseAll<K extends string>(hists: Record<K, LatencyHistogram>): Record<K, SerializedHistogram> {
  const out = {} as Record<K, SerializedHistogram>;
  for (const key in hists) out[key] = hists[key].toSparse();
  return out;
}
