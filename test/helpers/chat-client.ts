import { RawWsClient, type Frame } from './raw-clients.js';
import type { TestUser } from './api-client.js';
import type { ServerAddress } from './test-server.js';
import { waitFor } from './wait-for.js';

/** `message.chat` data as a G2 client reads it. */
export interface ChatData {
  cliMid?: string;
  mid: number;
  seq: number;
  cliSeq?: number;
  from: string;
  to: string;
  type: number;
  content: string;
  sendAt: number;
  status: number;
}

export interface ChatClientOptions {
  /** Answer every message.chat with ack.request (default true). */
  isAutoAck?: boolean;
}

/** A G2 test client on a raw WebSocket: signs in with the token, sends chats, acks what it gets. */
export class ChatClient {
  private seq = 0;
  private sent = 0;

  private constructor(
    readonly raw: RawWsClient,
    readonly user: TestUser,
  ) {}

  static async connect(server: ServerAddress, user: TestUser, options: ChatClientOptions = {}): Promise<ChatClient> {
    const raw = await RawWsClient.connect(server.wsUrl);
    const client = new ChatClient(raw, user);
    if (options.isAutoAck ?? true) {
      raw.onFrame = (frame) => {
        if (frame.action !== 'message.chat') return;
        const data = frame.data as { mid: number; from: string };
        raw.send({ ver: 1, seq: ++client.seq, action: 'ack.request', data: { mid: data.mid, from: data.from } });
      };
    }
    const seq = ++client.seq;
    raw.send({ ver: 1, seq, action: 'api.auth', data: { Token: user.token } });
    const reply = await raw.next((f) => f.seq === seq && (f.action === 'api.success' || f.action === 'api.failed'));
    if (reply.action !== 'api.success') throw new Error(`sign-in failed: ${JSON.stringify(reply)}`);
    return client;
  }

  /** Sends a chat message; returns its cliMid. */
  send(to: number, content: string, cliMid = `c${this.user.uid}-${++this.sent}-${Math.random().toString(36).slice(2, 8)}`, action = 'message.chat'): string {
    this.raw.send({ ver: 1, seq: ++this.seq, action, data: { cliMid, to: String(to), type: 1, content, sendAt: Date.now() } });
    return cliMid;
  }

  request(action: string, data: unknown, extra: Partial<Frame> = {}): number {
    const seq = ++this.seq;
    this.raw.send({ ver: 1, seq, action, data, ...extra });
    return seq;
  }

  chats(): ChatData[] {
    return this.raw.frames.filter((f) => f.action === 'message.chat').map((f) => f.data as ChatData);
  }

  /** Mids of every `ack.notify` received, in arrival order. */
  ackNotifies(): number[] {
    return this.framesOf('ack.notify').map((f) => (f.data as { mid: number }).mid);
  }

  /** Data of every `message.failed.send` received. */
  failures(): { cliMid?: string; mid?: number; reason: string }[] {
    return this.framesOf('message.failed.send').map((f) => f.data as { cliMid?: string; mid?: number; reason: string });
  }

  /** Calls an API route over the long connection (`api.<path with dots>`); resolves with the reply frame. */
  async api(path: string, data: unknown = {}, timeoutMs = 10_000): Promise<Frame> {
    const seq = this.request(`api.${path.replaceAll('/', '.')}`, data);
    return this.raw.next((f) => f.seq === seq && (f.action === 'api.success' || f.action === 'api.failed'), timeoutMs);
  }

  framesOf(action: string): Frame[] {
    return this.raw.frames.filter((f) => f.action === action);
  }

  async ackFor(cliMid: string): Promise<{ cliMid: string; mid: number; seq: number }> {
    const frame = await this.raw.next((f) => f.action === 'ack.message' && (f.data as { cliMid?: string }).cliMid === cliMid);
    return frame.data as { cliMid: string; mid: number; seq: number };
  }

  async waitForChats(count: number, timeoutMs = 10_000): Promise<void> {
    await waitFor(() => this.chats().length >= count, timeoutMs, `${count} chat messages (have ${this.chats().length})`);
  }

  close(): void {
    this.raw.close();
  }
}
