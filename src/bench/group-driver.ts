/**
 * One worker's side of a group step: owners send to their group on a schedule; every other member acks
 * each `message.group` (`ack.group.msg`) and records how long it took. A group's members are spread over
 * workers, so the send time travels in the content as epoch milliseconds (performance.timeOrigin +
 * now(): sub-millisecond and shared by processes on one machine), and the coordinator joins each
 * message's per-worker reach into send→last-member latency.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ACTIONS, readAckMessage, readChatMessage, type Envelope } from '../client/index.js';
import type { Connector, Peer } from './connector.js';
import { LatencyHistogram } from './histogram.js';
import type { ChatCounters, GroupMembership, GroupStep, GroupStepResult, WorkerPlan } from './types.js';

const TICK_MS = 2;

const epochNow = (): number => performance.timeOrigin + performance.now();

interface Member {
  readonly peer: Peer;
  readonly membership: GroupMembership;
  /** Sender: send times and ack flags of its messages. */
  sentAt: Float64Array;
  acked: Uint8Array;
  sentCount: number;
  /** Receiver: the highest n it has from its group's sender, and how many it got. */
  highest: number;
  received: number;
}

export class GroupDriver {
  private readonly members: Member[];
  private readonly prefix: string;
  private readonly padding: string;
  private readonly intervalMs: number;
  private readonly ack = new LatencyHistogram();
  private readonly delivery = new LatencyHistogram();
  /** Delivery latencies since the last progress report. */
  readonly window = new LatencyHistogram();
  /** Per (group, n) reached in this worker: members count and latest arrival. */
  private readonly reachCount: Uint32Array;
  private readonly reachLast: Float64Array;
  private counts = { sent: 0, acked: 0, delivered: 0, duplicated: 0, outOfOrder: 0, failed: 0, errors: 0 };
  private startedAt = 0;
  /** The relay acks nothing and stamps nothing: a post counts as acked when sent, a member acks by the post's number. */
  private readonly isGlide: boolean;

  constructor(
    plan: WorkerPlan,
    connector: Connector,
    private readonly step: GroupStep,
  ) {
    this.isGlide = plan.target === 'glide';
    this.prefix = `${plan.runTag}.g${step.index}.`;
    // The content is "<epoch ms>|xxx…": parseFloat reads the time back, the padding sets the size.
    this.padding = `|${'x'.repeat(Math.max(0, step.contentBytes - 20))}`;
    this.intervalMs = step.durationMs / step.messagesPerSender;
    this.reachCount = new Uint32Array(step.groups * step.messagesPerSender);
    this.reachLast = new Float64Array(step.groups * step.messagesPerSender);
    this.members = connector.peers.map((peer, i) => {
      const membership = step.memberships[i]!;
      const size = membership.isSender ? step.messagesPerSender : 0;
      return { peer, membership, sentAt: new Float64Array(size), acked: new Uint8Array(size), sentCount: 0, highest: -1, received: 0 };
    });
    for (const member of this.members) {
      member.peer.socket?.listen((envelope) => this.receive(member, envelope));
      if (member.peer.socket) member.peer.socket.onLost = () => this.counts.errors++;
    }
  }

  get progress(): ChatCounters {
    const { sent, acked, delivered, failed, errors } = this.counts;
    return { sent, acked, delivered, receipts: 0, failed, errors };
  }

  async run(): Promise<GroupStepResult> {
    const cpu = process.cpuUsage();
    this.startedAt = performance.now();
    const ticker = setInterval(() => this.tick(), TICK_MS);
    await sleep(this.step.durationMs);
    this.tick(Infinity);
    clearInterval(ticker);
    const drainUntil = performance.now() + this.step.drainMs;
    while (performance.now() < drainUntil && !this.isSettled()) await sleep(20);
    return this.result(process.cpuUsage(cpu));
  }

  private isSettled(): boolean {
    const perSender = this.step.messagesPerSender;
    return this.members.every((m) => (m.membership.isSender ? m.sentCount === perSender && m.acked.every(Boolean) : m.received >= perSender));
  }

  private tick(until = performance.now()): void {
    const elapsed = until - this.startedAt;
    const perSender = this.step.messagesPerSender;
    for (const member of this.members) {
      if (!member.membership.isSender || member.sentCount >= perSender) continue;
      // Senders of different groups start at different points of the interval, so the load is smooth.
      const phase = (member.membership.group / this.step.groups) * this.intervalMs;
      const due = elapsed < phase ? 0 : Math.min(perSender, Math.floor((elapsed - phase) / this.intervalMs) + 1);
      while (member.sentCount < due) {
        const n = member.sentCount++;
        const now = epochNow();
        member.sentAt[n] = now;
        member.peer.socket?.send(ACTIONS.MESSAGE_GROUP, { cliMid: `${this.prefix}${member.membership.group}.${n}`, to: member.membership.gid, type: 1, content: `${now}${this.padding}`, sendAt: Date.now() });
        this.counts.sent++;
        if (!this.isGlide) {
          member.acked[n] = 1;
          this.counts.acked++;
        }
      }
    }
  }

  private parse(cliMid: string | undefined): [number, number] | undefined {
    if (cliMid === undefined || !cliMid.startsWith(this.prefix)) return undefined;
    const dot = cliMid.indexOf('.', this.prefix.length);
    const group = Number(cliMid.slice(this.prefix.length, dot));
    const n = Number(cliMid.slice(dot + 1));
    return Number.isInteger(group) && group >= 0 && group < this.step.groups && n >= 0 && n < this.step.messagesPerSender ? [group, n] : undefined;
  }

  private receive(member: Member, envelope: Envelope): void {
    switch (envelope.action) {
      case ACTIONS.MESSAGE_GROUP:
        return this.onMessage(member, envelope);
      case ACTIONS.ACK_MESSAGE: {
        const ack = readAckMessage(envelope.data);
        const parsed = this.parse(ack.cliMid);
        if (!parsed || !member.membership.isSender || member.acked[parsed[1]]) return;
        member.acked[parsed[1]] = 1;
        this.counts.acked++;
        this.ack.record(epochNow() - member.sentAt[parsed[1]]!);
        return;
      }
      case ACTIONS.MESSAGE_FAILED_SEND:
      case ACTIONS.NOTIFY_ERROR:
      case ACTIONS.NOTIFY_FORBIDDEN:
        this.counts.failed++;
        return;
    }
  }

  private onMessage(member: Member, envelope: Envelope): void {
    const message = readChatMessage(envelope.data);
    const { gid } = member.membership;
    const parsed = this.parse(message.cliMid);
    if (message.mid !== undefined && message.seq !== undefined) member.peer.socket?.send(ACTIONS.ACK_GROUP_MSG, { gid, mid: message.mid, seq: message.seq });
    else if (!this.isGlide && parsed) member.peer.socket?.send(ACTIONS.ACK_GROUP_MSG, { gid, mid: parsed[1] + 1, seq: parsed[1] + 1 });
    if (!parsed || parsed[0] !== member.membership.group || member.membership.isSender) return;
    const [group, n] = parsed;
    if (n <= member.highest) {
      this.counts.duplicated++; // one sender per group, sent in order: an n at or below the highest was seen
      return;
    }
    if (n > member.highest + 1) this.counts.outOfOrder++;
    member.highest = n;
    member.received++;
    this.counts.delivered++;
    const now = epochNow();
    const latency = now - parseFloat(message.content);
    this.delivery.record(latency);
    this.window.record(latency);
    const slot = group * this.step.messagesPerSender + n;
    this.reachCount[slot]!++;
    if (now > this.reachLast[slot]!) this.reachLast[slot] = now;
  }

  private result(cpu: NodeJS.CpuUsage): GroupStepResult {
    const reach: GroupStepResult['reach'] = [];
    const perSender = this.step.messagesPerSender;
    for (let slot = 0; slot < this.reachCount.length; slot++) {
      if (this.reachCount[slot]! > 0) reach.push([Math.floor(slot / perSender), slot % perSender, this.reachCount[slot]!, this.reachLast[slot]!]);
    }
    const sends: GroupStepResult['sends'] = [];
    for (const member of this.members) {
      for (let n = 0; n < member.sentCount; n++) sends.push([member.membership.group, n, member.sentAt[n]!, member.acked[n]!]);
    }
    return {
      ...this.counts,
      elapsedMs: performance.now() - this.startedAt,
      ack: this.ack.toSparse(),
      delivery: this.delivery.toSparse(),
      reach,
      sends,
      cpuMicros: cpu.user + cpu.system,
    };
  }
}
