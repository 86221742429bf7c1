import type { TestUser } from './api-client.js';
import { ChatClient, type ChatData } from './chat-client.js';
import type { Frame } from './raw-clients.js';
import type { ServerAddress } from './test-server.js';

/** `ack.message` data. */
export interface Ack {
  cliMid: string;
  mid: number;
  seq: number;
}

/** The node a client signs in on next (a real client's server list, minus the dead ones). */
export type NodePicker = () => ServerAddress;

const RECONNECT_ATTEMPTS = 100;
const RECONNECT_PAUSE_MS = 100;
const POLL_MS = 5;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One device of a user that, like a real client, signs in again (on the node `pick` names) as soon as
 * its connection drops. Every connection it had is kept, so a test can check what each one saw.
 */
export class FailoverClient {
  readonly connections: ChatClient[] = [];
  /** Why the last reconnect failed, for the timeout message of whoever waits on it. */
  lastError: unknown;
  private reconnecting: Promise<ChatClient> | undefined;
  private isClosed = false;

  private constructor(
    readonly user: TestUser,
    private readonly pick: NodePicker,
  ) {}

  static async connect(user: TestUser, pick: NodePicker): Promise<FailoverClient> {
    const client = new FailoverClient(user, pick);
    await client.live();
    return client;
  }

  /** The open connection; signs in again first when the last one closed. */
  live(): Promise<ChatClient> {
    const last = this.connections.at(-1);
    if (last && last.raw.closeInfo === undefined) return Promise.resolve(last);
    this.reconnecting ??= this.reconnect().finally(() => (this.reconnecting = undefined));
    return this.reconnecting;
  }

  /** Every frame of one action, over all connections. */
  framesOf(action: string): Frame[] {
    return this.connections.flatMap((conn) => conn.framesOf(action));
  }

  chats(): ChatData[] {
    return this.connections.flatMap((conn) => conn.chats());
  }

  close(): void {
    this.isClosed = true;
    for (const conn of this.connections) conn.close();
  }

  private async reconnect(): Promise<ChatClient> {
    for (let attempt = 1; ; attempt++) {
      if (this.isClosed) throw new Error('closed');
      try {
        const conn = await ChatClient.connect(this.pick(), this.user);
        this.connections.push(conn);
        // A receiver sends nothing that would notice the drop: come back at once, as an app does.
        conn.raw.ws.once('close', () => {
          if (!this.isClosed) this.live().catch((err: unknown) => (this.lastError = err));
        });
        return conn;
      } catch (err) {
        this.lastError = err;
        if (attempt === RECONNECT_ATTEMPTS) throw err;
        await pause(RECONNECT_PAUSE_MS);
      }
    }
  }
}

export interface SendPlan {
  /** Items to send, at most (see `stopWhen`). */
  count: number;
  /** Sends at most this many unacked at a time. */
  window: number;
  /** At least this long between two new items: steady traffic rather than a burst. */
  intervalMs?: number;
  /** No new items once this holds; what was sent is still seen through to its ack. */
  stopWhen?: () => boolean;
  /** Puts item `i` on the wire under `cliMid` (a 1:1 chat, a group post…). */
  send(conn: ChatClient, cliMid: string, i: number): void;
  timeoutMs?: number;
}

/** A windowed stream of sends that survives node deaths; `acks` fills as they come. */
export interface FailoverStream {
  readonly acks: ReadonlyMap<string, Ack>;
  /** Sends again after a drop or a message.failed.send. */
  readonly resends: number;
  /** Resolves with every ack, in first-send order, once all items sent are acked. */
  readonly done: Promise<Ack[]>;
}

let streams = 0;

/**
 * Sends up to `plan.count` items, windowed. When the connection drops it signs in again and resends every
 * unacked item under the same cliMid, and it resends an item the server refused (message.failed.send):
 * what a real client does, relying on the server's dedup by cliMid.
 */
export function sendWithFailover(client: FailoverClient, plan: SendPlan): FailoverStream {
  const stream = `s${++streams}-${client.user.uid}`;
  const acks = new Map<string, Ack>();
  const cliMids: string[] = [];
  const indexOf = new Map<string, number>();
  const scanned = new Map<ChatClient, number>();
  const refused = new Set<string>();
  const result = { acks, resends: 0, done: Promise.resolve<Ack[]>([]) };

  const collect = (): void => {
    for (const conn of client.connections) {
      const frames = conn.raw.frames;
      let i = scanned.get(conn) ?? 0;
      for (; i < frames.length; i++) {
        const frame = frames[i]!;
        const data = frame.data as Partial<Ack> | undefined;
        if (data?.cliMid === undefined || !indexOf.has(data.cliMid)) continue;
        if (frame.action === 'ack.message') acks.set(data.cliMid, data as Ack);
        else if (frame.action === 'message.failed.send' && !acks.has(data.cliMid)) refused.add(data.cliMid);
      }
      scanned.set(conn, i);
    }
  };
  const resend = (conn: ChatClient, which: Iterable<string>): void => {
    for (const cliMid of which) {
      if (acks.has(cliMid)) continue;
      plan.send(conn, cliMid, indexOf.get(cliMid)!);
      result.resends++;
    }
  };

  const run = async (): Promise<Ack[]> => {
    const deadline = Date.now() + (plan.timeoutMs ?? 60_000);
    let conn = await client.live();
    let nextAt = 0;
    const isSending = (): boolean => cliMids.length < plan.count && !(plan.stopWhen?.() ?? false);
    while (isSending() || acks.size < cliMids.length) {
      if (Date.now() > deadline) throw new Error(`${stream}: ${acks.size} of ${cliMids.length} sent acked (last reconnect error: ${String(client.lastError)})`);
      collect();
      if (conn.raw.closeInfo !== undefined) {
        conn = await client.live();
        refused.clear();
        resend(conn, cliMids);
        continue;
      }
      if (refused.size > 0) {
        const again = [...refused];
        refused.clear();
        resend(conn, again);
      }
      if (isSending() && cliMids.length - acks.size < plan.window && Date.now() >= nextAt) {
        nextAt = Date.now() + (plan.intervalMs ?? 0);
        const cliMid = `${stream}-${cliMids.length}`;
        indexOf.set(cliMid, cliMids.length);
        cliMids.push(cliMid);
        plan.send(conn, cliMid, cliMids.length - 1);
        continue;
      }
      await pause(POLL_MS);
    }
    return cliMids.map((cliMid) => acks.get(cliMid)!);
  };
  result.done = run();
  // Awaited by the test; this only keeps an early failure elsewhere from making it "unhandled".
  result.done.catch(() => undefined);
  return result;
}
