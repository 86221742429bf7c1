import { describe, expect, it } from 'vitest';
import { callApi } from '../helpers/api-client.js';
import type { ChatClient, ChatData } from '../helpers/chat-client.js';
import { byInboxSeq, oneTo, sendWindowed, useChatHarness } from '../helpers/chat-harness.js';
import { appsOf, type TestServer } from '../helpers/test-server.js';
import { waitFor, waitForAsync } from '../helpers/wait-for.js';

const BULK = { maxMessagesPerSecond: 1_000_000, maxBytesPerSecond: 1 << 30 };

/** Waits until the server has no connection of `uid` left. */
async function offline(server: TestServer, uid: number): Promise<void> {
  await waitFor(() => appsOf(server).every((app) => app.gateway.connectionsOf(uid).size === 0), 10_000, `user ${uid} to be offline`);
}

function isIncreasing(values: number[]): boolean {
  return values.every((v, i) => i === 0 || v > values[i - 1]!);
}

describe('1:1 offline delivery and reconnect', () => {
  const h = useChatHarness();

  it('delivers 1,000 messages exactly once and in order while the receiver reconnects twice', async () => {
    const server = await h.start({ messaging: { ...BULK, offlinePushLimit: 2_000 } });
    const alice = await h.user();
    const bob = await h.user();
    const a = await h.connect(alice);
    const bobs: ChatClient[] = [await h.connect(bob)];
    let reconnecting: Promise<void> | undefined;
    const reconnect = () => {
      reconnecting = h.connect(bob).then((b) => void bobs.push(b));
    };
    const acks = await sendWindowed(a, bob.uid, 1_000, {
      window: 50,
      timeoutMs: 30_000,
      async onAcked(i) {
        if (i === 300 || i === 650) {
          await reconnecting;
          bobs.at(-1)!.close();
          // Bob is gone for the server too: what follows is kept for him (custody) until he is back.
          await offline(server, bob.uid);
        }
        // Back while Alice keeps sending: the sign-in push meets live traffic.
        if (i === 400 || i === 750) reconnect();
      },
    });
    await reconnecting;
    const received = () => bobs.flatMap((b) => b.chats());
    await waitFor(() => new Set(received().map((c) => c.mid)).size === 1_000, 30_000, 'bob to have all 1,000');

    // Each connection got its messages once and in inbox order; a reconnect may repeat what was not acked.
    expect(bobs).toHaveLength(3);
    for (const b of bobs) expect(isIncreasing(b.chats().map((c) => c.seq))).toBe(true);
    const all = byInboxSeq(received());
    expect(all.map((c) => c.seq)).toEqual(oneTo(1_000));
    expect(all.map((c) => c.mid)).toEqual(acks.map((x) => x.mid));
    expect(all.map((c) => c.content)).toEqual(acks.map((_, i) => `m${i}`));

    // The store holds each message once, in Bob's inbox without a gap.
    const { messages } = server.app.store;
    const history = await messages.history(alice.uid, bob.uid, 2_000);
    expect(history).toHaveLength(1_000);
    expect(new Set(history.map((m) => m.cliMid)).size).toBe(1_000);
    const inbox = await messages.inboxAfter(bob.uid, 0, 2_000);
    expect(inbox.entries.map((e) => e.message.mid)).toEqual(acks.map((x) => x.mid));
    expect(inbox.entries.map((e) => e.seq)).toEqual(oneTo(1_000));

    // Alice has exactly one receipt per message, some of them given by the server's custody.
    await waitFor(() => new Set(a.ackNotifies()).size === 1_000, 30_000, 'a receipt for every message');
    expect(a.ackNotifies()).toHaveLength(1_000);
    const receipts = await Promise.all(appsOf(server).map((app) => app.metrics.getSingleMetric('glide_messages_receipts_total')!.get()));
    const custody = receipts.flatMap((r) => r.values).reduce((sum, v) => sum + (v.labels.kind === 'custody' ? v.value : 0), 0);
    expect(custody).toBeGreaterThan(0);

    // Bob acked everything, so his device cursor reaches the end of his inbox.
    await waitForAsync(async () => (await messages.getDeviceCursor(bob.uid, 2)) === 1_000, 10_000, "bob's cursor at 1000");
  }, 60_000);

  it('pushes at most offlinePushLimit oldest messages to a known device and leaves the rest to msg/sync', async () => {
    const server = await h.start({ messaging: { ...BULK, offlinePushLimit: 10 } });
    const alice = await h.user();
    const bob = await h.user();
    const a = await h.connect(alice);
    const first = await h.connect(bob);
    await sendWindowed(a, bob.uid, 1);
    await waitForAsync(async () => (await server.app.store.messages.getDeviceCursor(bob.uid, 2)) === 1, 10_000, "bob's cursor at 1");
    first.close();
    await offline(server, bob.uid);
    const missed = await sendWindowed(a, bob.uid, 25, { content: (i) => `missed ${i}` });
    const b = await h.connect(bob);
    await b.waitForChats(10);
    const live = await sendWindowed(a, bob.uid, 1, { content: () => 'live' });
    await waitFor(() => b.chats().some((c) => c.content === 'live'));
    expect(b.chats().map((c) => c.seq)).toEqual([...oneTo(10).map((i) => i + 1), 27]);
    expect(b.chats().map((c) => c.mid)).toEqual([...missed.slice(0, 10), ...live].map((x) => x.mid));
    // The gap 12..26 is visible in the seqs and is exactly what msg/sync returns.
    const reply = await b.api('msg/sync', { After: 11, Limit: 100 });
    expect((reply.data as { Messages: { Seq: number; Mid: number }[] }).Messages.map((m) => m.Mid)).toEqual([...missed.slice(10), ...live].map((x) => x.mid));
    // Nothing is skipped for a client that only takes pushes: its cursor stays below the gap, so the
    // offline list and the next sign-in start there.
    await waitFor(() => a.ackNotifies().includes(live[0]!.mid), 10_000, 'the receipt of the live message');
    await waitForAsync(async () => (await server.app.store.messages.getDeviceCursor(bob.uid, 2)) >= 11, 10_000, "bob's cursor at 11");
    expect(await server.app.store.messages.getDeviceCursor(bob.uid, 2)).toBe(11);
    const offlineList = await callApi(server, 'msg/chat/offline', {}, bob.token);
    expect((offlineList.body.Data as { Seq: number }[]).map((m) => m.Seq)).toEqual(oneTo(16).map((i) => i + 11));
    b.close();
    await offline(server, bob.uid);
    const next = await h.connect(bob);
    await next.waitForChats(10);
    expect(next.chats().map((c) => c.seq)).toEqual(oneTo(10).map((i) => i + 11));
  });

  it('bounds the sign-in push by bytes so a large backlog does not get the device cut off', async () => {
    const server = await h.start({ messaging: BULK, gateway: { maxQueueBytes: 256 * 1024 } });
    const alice = await h.user();
    const bob = await h.user();
    const a = await h.connect(alice);
    const big = 'y'.repeat(12 * 1024);
    // 60 × 12 KiB is far more than the 256 KiB queue.
    const acks = await sendWindowed(a, bob.uid, 60, { window: 5, content: (i) => `${i}:${big}` });
    const b = await h.connect(bob);
    await waitFor(() => b.chats().length > 0, 10_000, 'the sign-in push');
    // Still connected: a live message arrives after the push.
    const live = await sendWindowed(a, bob.uid, 1, { content: () => 'after the push' });
    await waitFor(() => b.chats().some((c) => c.mid === live[0]!.mid), 10_000, 'the live message');
    expect(b.raw.closeInfo).toBeUndefined();
    const pushed = b.chats().slice(0, -1);
    expect(pushed.length).toBeLessThan(60);
    expect(pushed.map((c) => c.mid)).toEqual(acks.slice(0, pushed.length).map((x) => x.mid));
    const rest = await callApi(server, 'msg/sync', { After: pushed.length, Limit: 100 }, bob.token);
    const data = rest.body.Data as { Messages: { Mid: number }[] };
    expect(data.Messages.map((m) => m.Mid)).toEqual([...acks.slice(pushed.length), ...live].map((x) => x.mid));
  });

  it('does not push a device its own messages back at its next sign-in, but syncs them to the user’s other devices', async () => {
    const server = await h.start();
    const alice = await h.user(2);
    const bob = await h.user();
    const aWeb = await h.connect(alice);
    const sent = await sendWindowed(aWeb, bob.uid, 3, { content: (i) => `mine ${i}` });
    aWeb.close();
    await offline(server, alice.uid);
    let last = -1;
    await waitForAsync(async () => { const c = await server.app.store.messages.getDeviceCursor(alice.uid, 2); if (c !== last) console.log('DEBUGC', c, alice.uid); last = c; return c === 3; }, 10_000, "alice's web cursor at 3");
    const again = await h.connect(alice);
    const android = await h.connect(await h.onDevice(alice, 1));
    const b = await h.connect(bob);
    const reply = await sendWindowed(b, alice.uid, 1, { content: () => 'sentinel' });
    await waitFor(() => again.chats().some((c) => c.content === 'sentinel'), 10_000, 'the sentinel on web');
    expect(again.chats().map((c) => c.content)).toEqual(['sentinel']);
    // A device that never saw them gets Alice's own messages, then the reply, in Alice's inbox order.
    await android.waitForChats(4);
    expect(android.chats().map((c) => [c.seq, c.mid])).toEqual([...sent, reply[0]!].map((x, i) => [i + 1, x.mid]));
  });

  it('resends only to the receiver devices that have not acked (message.chat.resend)', async () => {
    await h.start();
    const alice = await h.user();
    const bob = await h.user(2);
    const a = await h.connect(alice);
    const silent = await h.connect(bob, { isAutoAck: false });
    const acking = await h.connect(await h.onDevice(bob, 1));
    const [sent] = await sendWindowed(a, bob.uid, 1, { content: () => 'resend me' });
    await waitFor(() => a.ackNotifies().includes(sent!.mid), 10_000, 'the receipt from the acking device');
    await silent.waitForChats(1);
    a.send(bob.uid, 'resend me', sent!.cliMid, 'message.chat.resend');
    await waitFor(() => a.framesOf('ack.message').length === 2, 10_000, 'the resend ack');
    expect(a.framesOf('ack.message')[1]!.data).toEqual({ cliMid: sent!.cliMid, mid: sent!.mid, seq: sent!.seq });
    await silent.waitForChats(2);
    expect(silent.chats().map((c: ChatData) => c.mid)).toEqual([sent!.mid, sent!.mid]);
    await sendWindowed(a, bob.uid, 1, { content: () => 'sentinel' });
    await waitFor(() => acking.chats().some((c) => c.content === 'sentinel'));
    expect(acking.chats().map((c) => c.content)).toEqual(['resend me', 'sentinel']);
  });

  // Single node only: in a cluster the second sign-in lands on another node, which reads the stored cursor;
  // that trails the acks by up to the round gap, so it may push acked messages again (clients drop them by mid).
  it.skipIf(process.env.GLIDE_TEST_TOPOLOGY === 'cluster')('does not push a device what it acked when it signs in again right after its acks (the cursor rides the next commit)', async () => {
    const server = await h.start({ messaging: BULK });
    const alice = await h.user();
    const bob = await h.user();
    const a = await h.connect(alice);
    await h.connect(bob);
    const acked = await sendWindowed(a, bob.uid, 20);
    await waitFor(() => acked.every((x) => a.ackNotifies().includes(x.mid)), 10_000, "bob's receipts");
    const again = await h.connect(bob);
    const live = await sendWindowed(a, bob.uid, 1, { content: () => 'live' });
    await waitFor(() => again.chats().some((c) => c.content === 'live'));
    expect(again.chats().map((c) => c.mid)).toEqual(live.map((x) => x.mid));
    await waitForAsync(async () => (await server.app.store.messages.getDeviceCursor(bob.uid, 2)) >= 20, 10_000, "bob's cursor at 20");
  });
});
