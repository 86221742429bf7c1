import { GlideError, nodeOfMid, runInBackground, WindowCounter, type Clock, type GlideEvent, type Logger } from '../core/index.js';
import { Counter, Gauge, type MetricsRegistry } from '../metrics/index.js';
import type { OutboxOutcome, OutboxSender, OutboxWorker } from '../outbox/index.js';
import { SESSION_TYPE, type GroupStore, type OutboxItem, type PendingPush, type PushEndpoint, type PushQueueStore, type PushStore, type UserStore } from '../store/index.js';
import type { PushAnswer, PushNotification, PushProvider } from './push-provider.js';
import { PushTrigger } from './push-trigger.js';

export interface PushSettings {
  graceMs: number;
  preview: 'full' | 'sender' | 'none';
  maxEndpointsPerUser: number;
  maxTestsPerMinute: number;
}

export interface PushDeps {
  push: PushStore;
  queue: PushQueueStore;
  users: UserStore;
  groups: GroupStore;
  outbox: OutboxWorker;
  providers: readonly PushProvider[];
  clock: Clock;
  log: Logger;
  metrics: MetricsRegistry;
  /** This node's id (the one in the mids it makes). */
  nodeId: number;
}

/** What push/test reports per endpoint. */
export interface PushTestResult {
  id: number;
  kind: string;
  outcome: PushAnswer['outcome'] | 'no_provider';
  status: number;
  detail: string;
}

export const OUTBOX_KIND_PUSH = 'push';
/** Route calls other than push/test per user per minute. */
const ROUTE_CALLS_PER_MINUTE = 60;
/** Users whose call counts are kept at once (about 100 bytes each). */
const MAX_TRACKED_USERS = 100_000;
const REACHABLE_REFRESH_MS = 30_000;
const REACHABLE_PAGE = 10_000;
/** Staged entries and receipts are written this often (the window a dying node loses, see PushTrigger). */
const FLUSH_MS = 100;
/** Due rows read per statement by the sweep. */
const SWEEP_BATCH = 500;
const PREVIEW_CHARS = 120;
/** Type-specific bodies for content that is not text (protocol.md's content types). */
const TYPE_LABELS: Record<number, string> = { 2: '[image]', 3: '[voice]', 4: '[video]', 5: '[file]', 6: '[location]' };

/**
 * Push notifications: endpoints per device, preferences (mute per conversation, do not disturb), the
 * trigger (a stored message no device of its receiver confirmed within the grace), and delivery of the
 * queued notifications through the outbox to each endpoint's provider. Endpoints a provider calls
 * expired are removed.
 */
export class PushService implements OutboxSender {
  private readonly trigger: PushTrigger;
  private readonly providers: Map<string, PushProvider>;
  private readonly sent: Counter<'provider' | 'outcome'>;
  private readonly skipped: Counter<'reason'>;
  /** push/test and the other push routes, per user and minute. */
  private readonly testCalls: WindowCounter;
  private readonly routeCalls: WindowCounter;
  private timers: NodeJS.Timeout[] = [];
  private flushing: Promise<void> | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly deps: PushDeps,
    private readonly settings: PushSettings,
  ) {
    this.trigger = new PushTrigger(deps.queue, deps.clock, settings.graceMs, (mid) => nodeOfMid(mid) === deps.nodeId);
    this.providers = new Map(deps.providers.map((p) => [p.kind, p]));
    const registers = [deps.metrics];
    this.sent = new Counter({ name: 'glide_push_sent_total', help: 'Push notifications handed to a provider, by its answer', labelNames: ['provider', 'outcome'] as const, registers });
    this.skipped = new Counter({ name: 'glide_push_skipped_total', help: 'Due notifications not sent (dnd, muted, read meanwhile, no endpoint)', labelNames: ['reason'] as const, registers });
    const trigger = this.trigger;
    // Read from the store at scrape time: the queue is shared by every node.
    const backlog = () => deps.queue.backlog();
    const clock = deps.clock;
    new Gauge({ name: 'glide_push_pending', help: 'Conversations waiting for their grace before a notification (stored queue)', registers, async collect() { this.set((await backlog()).depth); } });
    new Gauge({
      name: 'glide_push_pending_oldest_age_seconds',
      help: 'Age of the oldest message waiting for its grace (0 when none)',
      registers,
      async collect() {
        const { oldestAt } = await backlog();
        this.set(oldestAt === undefined ? 0 : Math.max(0, (clock.now() - oldestAt) / 1000));
      },
    });
    new Gauge({ name: 'glide_push_staged', help: 'Messages for push not written to the queue yet', registers, collect() { this.set(trigger.staged); } });
    new Gauge({ name: 'glide_push_pending_dropped', help: 'Messages not queued for push because too many waited to be written', registers, collect() { this.set(trigger.dropped); } });
    this.testCalls = new WindowCounter(deps.clock, 60_000, MAX_TRACKED_USERS);
    this.routeCalls = new WindowCounter(deps.clock, 60_000, MAX_TRACKED_USERS);
  }

  /** Kinds devices may register here. */
  get kinds(): string[] {
    return [...this.providers.keys()];
  }

  async start(): Promise<void> {
    await this.refreshReachable();
    const flush = setInterval(() => this.flushInBackground(), FLUSH_MS);
    const sweep = setInterval(() => this.sweepInBackground(), Math.max(50, Math.min(1_000, this.settings.graceMs / 4)));
    const refresh = setInterval(() => runInBackground(this.deps.log, 'push reachable users', this.refreshReachable()), REACHABLE_REFRESH_MS);
    for (const timer of [flush, sweep, refresh]) timer.unref();
    this.timers = [flush, sweep, refresh];
    // Rows an earlier run left are due now or soon.
    this.sweepInBackground();
  }

  /** Stops the timers and writes what is staged (a clean stop loses nothing). */
  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.sweeping?.catch(() => undefined);
    await this.flushing?.catch(() => undefined);
    await this.trigger.flush().catch((err: unknown) => this.deps.log.warn({ err }, 'push queue not written at close'));
  }

  /** The message events the trigger follows (the others pass by). */
  onEvent(event: GlideEvent): void {
    if (this.providers.size === 0) return;
    if (event.type === 'message.stored') this.trigger.stored(event.message);
    else if (event.type === 'message.received') this.trigger.received(event.uid, event.mid);
    else if (event.type === 'group.received') this.trigger.groupReceived(event.uid, event.gid, event.seq);
  }

  async register(uid: number, device: number, kind: string, address: string, keys: string): Promise<PushEndpoint> {
    this.takeRouteCall(uid);
    const provider = this.providers.get(kind);
    if (!provider) throw new GlideError('PUSH_NOT_CONFIGURED', `kind ${kind}; this server takes ${this.kinds.join(', ') || 'none'}`);
    const problem = provider.check(address, keys);
    if (problem) throw new GlideError('API_BAD_REQUEST', problem);
    const owned = await this.deps.push.listOf(uid);
    const isKnown = owned.some((e) => e.kind === kind && e.address === address);
    if (!isKnown && owned.length >= this.settings.maxEndpointsPerUser) throw new GlideError('PUSH_TOO_MANY_ENDPOINTS', `at most ${this.settings.maxEndpointsPerUser}`);
    const endpoint = await this.deps.push.register({ uid, device, kind, address, keys });
    this.trigger.addReachable(uid);
    return endpoint;
  }

  async unregister(uid: number, kind: string, address: string): Promise<boolean> {
    this.takeRouteCall(uid);
    return this.deps.push.unregister(uid, kind, address);
  }

  async setMuted(uid: number, type: number, peer: number, isMuted: boolean): Promise<void> {
    this.takeRouteCall(uid);
    await this.deps.push.setMuted(uid, type, peer, isMuted);
  }

  async setDoNotDisturb(uid: number, isOn: boolean): Promise<void> {
    this.takeRouteCall(uid);
    await this.deps.push.setDoNotDisturb(uid, isOn);
  }

  /** Sends a test notification to each of the user's endpoints now (not queued) and reports each answer. */
  async test(uid: number): Promise<PushTestResult[]> {
    if (!this.testCalls.tryAdd(String(uid), this.settings.maxTestsPerMinute)) throw new GlideError('PUSH_RATE_LIMITED', `at most ${this.settings.maxTestsPerMinute} push/test a minute`);
    const badge = await this.deps.push.unreadCount(uid);
    const notification: PushNotification = { title: 'Glide', body: 'Test notification', tag: 'glide-test', badge, conversation: '' };
    const endpoints = await this.deps.push.listOf(uid);
    return Promise.all(
      endpoints.map(async (endpoint): Promise<PushTestResult> => {
        const provider = this.providers.get(endpoint.kind);
        if (!provider) return { id: endpoint.id, kind: endpoint.kind, outcome: 'no_provider', status: 0, detail: 'this kind is not enabled on the server' };
        const answer = await this.sendNow(provider, endpoint, notification);
        return { id: endpoint.id, kind: endpoint.kind, ...answer };
      }),
    );
  }

  /** The outbox's sender for push items. */
  async deliver(item: OutboxItem): Promise<OutboxOutcome> {
    const endpoint = await this.deps.push.get(Number(item.target));
    if (!endpoint) return { outcome: 'done' };
    const provider = this.providers.get(endpoint.kind);
    if (!provider) return { outcome: 'failed', reason: `${endpoint.kind} is not enabled on this server` };
    const answer = await this.sendNow(provider, endpoint, JSON.parse(item.payload) as PushNotification);
    const reason = `${provider.kind} ${answer.status}: ${answer.detail}`.slice(0, 250);
    if (answer.outcome === 'sent' || answer.outcome === 'expired') return { outcome: 'done' };
    // The providers answer retry for no answer, 408, 429 and 5xx: the service is down, not this item.
    return answer.outcome === 'retry' ? { outcome: 'retry', reason, isRouteDown: true } : { outcome: 'failed', reason };
  }

  private async sendNow(provider: PushProvider, endpoint: PushEndpoint, notification: PushNotification): Promise<PushAnswer> {
    const answer = await provider.send(endpoint, notification);
    this.sent.inc({ provider: provider.kind, outcome: answer.outcome });
    if (answer.outcome === 'expired') {
      await this.deps.push.remove(endpoint.id);
      this.deps.log.info({ provider: provider.kind, uid: endpoint.uid, endpoint: endpoint.id, status: answer.status }, 'push endpoint expired, removed');
    }
    return answer;
  }

  private flushInBackground(): void {
    if (this.flushing) return;
    this.flushing = this.trigger.flush().finally(() => (this.flushing = undefined));
    runInBackground(this.deps.log, 'push queue write', this.flushing);
  }

  private sweepInBackground(): void {
    if (this.sweeping) return;
    this.sweeping = this.notifyDue().finally(() => (this.sweeping = undefined));
    runInBackground(this.deps.log, 'push sweep', this.sweeping);
  }

  /** Hands due rows to the outbox, then removes them: a node dying in between repeats them, which the outbox's dedup key absorbs. */
  private async notifyDue(): Promise<void> {
    for (;;) {
      const { ready, due } = await this.trigger.takeDue(SWEEP_BATCH);
      if (ready.length > 0) {
        const rows = await Promise.all(ready.map((entry) => this.rowsFor(entry)));
        await this.deps.outbox.enqueue(rows.flat());
        await this.deps.queue.remove(ready);
      }
      if (due < SWEEP_BATCH) return;
    }
  }

  private async rowsFor(entry: PendingPush) {
    const reason = await this.skipReason(entry);
    if (reason) {
      this.skipped.inc({ reason });
      return [];
    }
    const endpoints = await this.deps.push.listOf(entry.uid);
    if (endpoints.length === 0) {
      this.skipped.inc({ reason: 'no_endpoint' });
      return [];
    }
    const payload = JSON.stringify(await this.notificationFor(entry));
    const conversation = conversationOf(entry);
    const nextAt = this.deps.clock.now();
    return endpoints.map((e) => ({ kind: OUTBOX_KIND_PUSH, dedupKey: `push:${e.id}:${entry.mid}`, collapseKey: `push:${e.id}:${conversation}`, target: String(e.id), route: this.providers.get(e.kind)?.routeOf(e) ?? e.kind, payload, nextAt }));
  }

  private async skipReason(entry: PendingPush): Promise<string | undefined> {
    const { push, groups } = this.deps;
    if (await push.isDoNotDisturb(entry.uid)) return 'dnd';
    // A mention gets through a muted conversation (not do-not-disturb).
    if (!entry.isMentioned && (await push.isMuted(entry.uid, entry.type, entry.peer))) return 'muted';
    if (entry.type === SESSION_TYPE.group) {
      // A member's ack may have landed on another node: its delivered cursor says so (written within about a second).
      const member = await groups.getMember(entry.peer, entry.uid);
      if (!member || member.deliveredSeq >= entry.seq) return 'received';
    }
    return undefined;
  }

  /** The notification as the preview setting allows: with `none`, nothing of the message, not even who sent it. */
  private async notificationFor(entry: PendingPush): Promise<PushNotification> {
    const badge = await this.deps.push.unreadCount(entry.uid);
    const { preview } = this.settings;
    if (preview === 'none') return { title: 'New message', body: '', tag: 'glide', badge, conversation: '' };
    const sender = await this.deps.users.get(entry.sender);
    const name = sender?.nickname || `User ${entry.sender}`;
    const group = entry.type === SESSION_TYPE.group ? await this.deps.groups.get(entry.peer) : undefined;
    const conversation = conversationOf(entry);
    const body = preview === 'full' ? previewText(entry.msgType, entry.content) : 'New message';
    return { title: group ? `${name} @ ${group.name}` : name, body, tag: conversation, badge, conversation };
  }

  private takeRouteCall(uid: number): void {
    if (!this.routeCalls.tryAdd(String(uid), ROUTE_CALLS_PER_MINUTE)) throw new GlideError('PUSH_RATE_LIMITED', `at most ${ROUTE_CALLS_PER_MINUTE} push calls a minute`);
  }

  private async refreshReachable(): Promise<void> {
    const uids = new Set<number>();
    for (let after = 0; ; ) {
      const page = await this.deps.push.usersWithEndpoints(after, REACHABLE_PAGE);
      for (const uid of page) uids.add(uid);
      if (page.length < REACHABLE_PAGE) break;
      after = page[page.length - 1]!;
    }
    this.trigger.setReachable(uids);
  }
}

function previewText(type: number, content: string): string {
  const label = TYPE_LABELS[type];
  if (label) return label;
  return content.length > PREVIEW_CHARS ? `${content.slice(0, PREVIEW_CHARS)}…` : content;
}

function conversationOf(entry: PendingPush): string {
  return `${entry.type === SESSION_TYPE.group ? 'group' : 'chat'}:${entry.peer}`;
}
