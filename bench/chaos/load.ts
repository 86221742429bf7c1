/** The steady traffic of a run: every user chats with its partner, the posters post to their groups. */
import type { ChaosUser } from './chaos-user.js';
import type { Ledger } from './ledger.js';
import type { ChaosProfile, Placement } from './plan.js';
import { waitUntil } from './processes.js';

/** A user with this many sends unacked skips its turn: a stalled client should not pile up without bound. */
const MAX_PENDING_PER_USER = 40;

export class Load {
  /** Turns skipped because the user had too many sends unacked. */
  skipped = 0;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly users: readonly ChaosUser[],
    private readonly placement: Placement,
    private readonly gids: readonly number[],
    private readonly profile: ChaosProfile,
  ) {}

  start(): void {
    for (const [a, b] of this.placement.pairs) {
      this.every(this.profile.chatIntervalMs, this.users[a]!, (user) => user.send('chat', this.users[b]!.uid));
      this.every(this.profile.chatIntervalMs, this.users[b]!, (user) => user.send('chat', this.users[a]!.uid));
    }
    for (const [g, group] of this.placement.groups.entries()) {
      for (const poster of group.posters) this.every(this.profile.postIntervalMs, this.users[poster]!, (user) => user.send('group', this.gids[g]!));
    }
  }

  stop(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }

  /** Resolves once every send is acked (or failed). */
  async drainAcks(timeoutMs: number): Promise<void> {
    await waitUntil(() => this.users.every((user) => user.pending === 0), timeoutMs, 'every send to be acked', 200);
  }

  /** Resolves once every acked message has reached its receivers' SDKs, or after `timeoutMs`. */
  async drainDeliveries(ledger: Ledger, members: ReadonlyMap<number, readonly number[]>, timeoutMs: number): Promise<void> {
    const missing = (): number => {
      let count = 0;
      for (const message of ledger.sent.values()) {
        if (message.mid === undefined) continue;
        const receivers = message.kind === 'chat' ? [message.to] : (members.get(message.to) ?? []).filter((uid) => uid !== message.from);
        for (const uid of receivers) if (!ledger.received[message.kind].get(uid)?.has(message.mid)) count++;
      }
      return count;
    };
    // A timeout is no error here: the verification that follows names what is missing.
    await waitUntil(() => missing() === 0, timeoutMs, 'every acked message to reach its receivers', 500).catch(() => undefined);
  }

  /** Each user at its own phase, so the sends spread over the interval instead of coming in bursts. */
  private every(intervalMs: number, user: ChaosUser, act: (user: ChaosUser) => void): void {
    const tick = (): void => {
      if (user.pending >= MAX_PENDING_PER_USER) this.skipped++;
      else act(user);
    };
    const phase = setTimeout(() => {
      tick();
      this.timers.push(setInterval(tick, intervalMs));
    }, Math.random() * intervalMs);
    this.timers.push(phase);
  }
}
