/**
 * One user of the run: a GlideClient (the SDK, with its failover URL list) that sends and records
 * everything in the ledger. A message refused with message.failed.send (a node without NATS or the
 * database) is sent again under the same cliMid, as an app would: the server stores it once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { GlideClient, isClientError, MemoryCache, type Cursors, type Message, type SendResult } from '../../src/client/index.js';
import type { Kind, Ledger, SentMessage } from './ledger.js';

export interface UserSeat {
  uid: number;
  token: string;
  /** The home node's HTTP URL (the SDK's HTTP calls; the run makes none after the sign-in). */
  httpUrl: string;
  /** Home node first, then the others. */
  wsUrls: string[];
}

/** Settings of every client: reconnect quickly and give no send up (the run decides when to stop). */
export const CLIENT_SETTINGS = { sendTimeoutMs: 0, heartbeatIntervalMs: 5_000, reconnect: { initialDelayMs: 250, maxDelayMs: 4_000 } } as const;

const REFUSED_RETRY_MS = 500;

export class ChaosUser {
  private readonly client: GlideClient;
  /** Times an online connection dropped (the SDK then reconnects, to the next node of its list). */
  drops = 0;
  /** Why the client ended by itself (kicked, closed by the server for good), if it did. */
  endedBy: string | undefined;
  private readonly cache = new MemoryCache();
  private sentCount = 0;
  private unsettled = 0;
  private isClosing = false;

  constructor(
    private readonly seat: UserSeat,
    private readonly ledger: Ledger,
    private readonly runId: string,
  ) {
    this.client = new GlideClient({ url: seat.httpUrl, wsUrls: seat.wsUrls, WebSocket, cache: this.cache, ...CLIENT_SETTINGS });
    const record = (kind: Kind) => (m: Message) => {
      if (!m.isOwn) ledger.receive(kind, seat.uid, { mid: m.mid, from: m.from, content: m.content, bySync: m.source !== 'live' });
    };
    this.client.on('message', record('chat'));
    this.client.on('groupMessage', record('group'));
    this.client.on('error', (err) => ledger.sdkError(`${err.code}: ${err.message}`));
    let wasOnline = false;
    this.client.on('state', (change) => {
      if (wasOnline && change.state === 'reconnecting') this.drops++;
      wasOnline = change.state === 'online';
      if (change.state === 'closed' && !this.isClosing) this.endedBy = change.reason ?? 'closed';
    });
  }

  get uid(): number {
    return this.seat.uid;
  }

  /** Messages sent and not yet acked. */
  get pending(): number {
    return this.unsettled;
  }

  /**
   * Signs in. The cursors say "this device has seen nothing yet": the first sync pulls the whole inbox
   * and each of the user's groups (`gids`) from seq 1, so nothing sent before the socket was up is missed.
   */
  async connect(gids: readonly number[]): Promise<void> {
    const cursors: Cursors = { inboxSeq: 0, groups: Object.fromEntries(gids.map((gid) => [gid, 0])) };
    await this.cache.setCursors(this.seat.uid, cursors);
    await this.client.connect(this.seat.token);
  }

  /** Sends one new message (every message has its own content, so a duplicate in the store shows). */
  send(kind: Kind, to: number): void {
    const key = `${this.runId}-${this.seat.uid}-${++this.sentCount}`;
    const message = this.ledger.submitted({ key, kind, from: this.seat.uid, to, content: `chaos ${kind} ${key}`, firstSentAt: Date.now() });
    this.unsettled++;
    void this.deliver(message).finally(() => this.unsettled--);
  }

  close(): void {
    this.isClosing = true;
    this.client.close();
  }

  private async deliver(message: SentMessage): Promise<void> {
    for (;;) {
      let result: SendResult;
      try {
        const options = { cliMid: message.key };
        result = message.kind === 'chat' ? await this.client.send(message.to, message.content, options) : await this.client.sendGroup(message.to, message.content, options);
      } catch (err) {
        if (isClientError(err, 'SEND_REFUSED') && !this.isClosing) {
          message.refusedAt.push(Date.now());
          await sleep(REFUSED_RETRY_MS);
          continue;
        }
        message.failure = err instanceof Error ? err.message : String(err);
        return;
      }
      message.ackedAt = Date.now();
      message.mid = result.mid;
      message.seq = result.seq;
      return;
    }
  }
}
