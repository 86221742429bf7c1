import { afterEach } from 'vitest';
import type { Config } from '../../src/config/index.js';
import type { Clock } from '../../src/core/index.js';
import { registerUser, signin, type TestUser } from './api-client.js';
import { ChatClient, type ChatClientOptions, type ChatData } from './chat-client.js';
import { startTestServer, type DeepPartial, type TestServer } from './test-server.js';
import { waitFor } from './wait-for.js';

/**
 * Per-test server and clients for the chat e2e suites, closed in afterEach. Call at describe level.
 * `server()` is the one started by the current test.
 */
export function useChatHarness() {
  let current: TestServer | undefined;
  const closers: (() => void)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) close();
    await current?.close();
    current = undefined;
  });
  const harness = {
    async start(overrides: DeepPartial<Config> = {}, options: { clock?: Clock } = {}): Promise<TestServer> {
      current = await startTestServer(overrides, options);
      return current;
    },
    server(): TestServer {
      if (!current) throw new Error('no server started in this test');
      return current;
    },
    /** A fresh account signed in on `device` (2 web by default). */
    user(device = 2): Promise<TestUser> {
      return registerUser(harness.server(), { device });
    },
    /** The same account signed in on another device (its own token). */
    onDevice(user: TestUser, device: number): Promise<TestUser> {
      return signin(harness.server(), user.account, user.password, device);
    },
    async connect(user: TestUser, options: ChatClientOptions = {}): Promise<ChatClient> {
      const client = await ChatClient.connect(harness.server(), user, options);
      closers.push(() => client.close());
      return client;
    },
    /** Registers something else to close after the test (a raw socket, a child process). */
    track(close: () => void): void {
      closers.push(close);
    },
  };
  return harness;
}

/** Orders chat data by inbox seq, keeping the first copy of each mid. */
export function byInboxSeq(chats: readonly ChatData[]): ChatData[] {
  const seen = new Set<number>();
  return [...chats]
    .sort((a, b) => a.seq - b.seq)
    .filter((chat) => {
      if (seen.has(chat.mid)) return false;
      seen.add(chat.mid);
      return true;
    });
}

/** 1, 2, …, n. */
export function oneTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/**
 * Sends `count` messages from `client` to `to` with at most `window` unacked at a time; resolves with
 * the acks in send order. `onAcked(i)` runs after the i-th ack (0-based) so a test can act mid-stream.
 */
export async function sendWindowed(
  client: ChatClient,
  to: number,
  count: number,
  options: { window?: number; content?: (i: number) => string; onAcked?: (i: number) => Promise<void> | void; timeoutMs?: number } = {},
): Promise<{ cliMid: string; mid: number; seq: number }[]> {
  const window = options.window ?? 50;
  const content = options.content ?? ((i: number) => `m${i}`);
  const acks = new Map<string, { cliMid: string; mid: number; seq: number }>();
  const previous = client.raw.onFrame;
  client.raw.onFrame = (frame) => {
    previous?.(frame);
    if (frame.action !== 'ack.message') return;
    const data = frame.data as { cliMid: string; mid: number; seq: number };
    acks.set(data.cliMid, data);
  };
  const cliMids: string[] = [];
  let acked = 0;
  try {
    for (let i = 0; i < count; i++) {
      const started = i;
      await waitFor(() => started - acks.size < window, options.timeoutMs ?? 20_000, `acks to open the window (sent ${started}, acked ${acks.size})`);
      cliMids.push(client.send(to, content(i)));
      // Acks arrive in send order on one connection, so acks.size counts a prefix.
      while (options.onAcked && acked < acks.size) await options.onAcked(acked++);
    }
    await waitFor(() => acks.size >= count, options.timeoutMs ?? 20_000, `${count} acks (have ${acks.size})`);
    while (options.onAcked && acked < acks.size) await options.onAcked(acked++);
  } finally {
    client.raw.onFrame = previous;
  }
  return cliMids.map((cliMid) => acks.get(cliMid)!);
}
