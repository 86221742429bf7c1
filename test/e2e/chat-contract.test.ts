import { describe, expect, it } from 'vitest';
import { callApi } from '../helpers/api-client.js';
import type { ChatClient } from '../helpers/chat-client.js';
import { byInboxSeq, oneTo, sendWindowed, useChatHarness } from '../helpers/chat-harness.js';
import { appsOf } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

/** Rate limits out of the way for tests that send in bulk. */
const BULK = { messaging: { maxMessagesPerSecond: 1_000_000, maxBytesPerSecond: 1 << 30 } };

/** Waits until `client` has a message.chat with this content; returns it. */
async function chatWith(client: ChatClient, content: string) {
  await waitFor(() => client.chats().some((c) => c.content === content), 10_000, `a chat "${content}"`);
  return client.chats().find((c) => c.content === content)!;
}

describe('1:1 delivery contract (issue #4)', () => {
  const h = useChatHarness();

  it('1. stores one message for a cliMid sent three times over two connections of the sender', async () => {
    const server = await h.start();
    const alice = await h.user(2);
    const bob = await h.user(2);
    const a1 = await h.connect(alice);
    const a2 = await h.connect(await h.onDevice(alice, 1));
    const b1 = await h.connect(bob);
    const b2 = await h.connect(await h.onDevice(bob, 1));
    const cliMid = `dup-${alice.uid}`;
    // Two at once (likely one commit batch), then a retry after the first ack (a later batch).
    a1.send(bob.uid, 'only once', cliMid);
    a2.send(bob.uid, 'only once', cliMid);
    await Promise.all([a1.ackFor(cliMid), a2.ackFor(cliMid)]);
    a1.send(bob.uid, 'only once', cliMid, 'message.chat.retry');
    await waitFor(() => a1.framesOf('ack.message').length === 2, 10_000, 'the retry ack');
    const acks = [...a1.framesOf('ack.message'), ...a2.framesOf('ack.message')].map((f) => f.data as { cliMid: string; mid: number; seq: number });
    expect(acks).toHaveLength(3);
    expect(new Set(acks.map((a) => a.mid)).size).toBe(1);
    expect(new Set(acks.map((a) => a.seq))).toEqual(new Set([1]));

    // A later message is fanned out after anything the duplicates could have caused.
    a1.send(bob.uid, 'sentinel');
    for (const b of [b1, b2]) await chatWith(b, 'sentinel');
    for (const b of [b1, b2]) expect(b.chats().filter((c) => c.cliMid === cliMid)).toHaveLength(1);

    const { messages } = server.app.store;
    expect(await messages.findSent([{ sender: alice.uid, cliMid }])).toHaveLength(1);
    expect((await messages.history(alice.uid, bob.uid, 10)).filter((m) => m.cliMid === cliMid)).toHaveLength(1);
    // The duplicates burnt no inbox seq.
    const inbox = await messages.inboxAfter(bob.uid, 0, 10);
    expect(inbox.entries.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('2. acks a message only once the store holds it, with the sender inbox seq it was stored at', async () => {
    const server = await h.start(BULK);
    const alice = await h.user();
    const bob = await h.user();
    const a = await h.connect(alice);
    const reads: Promise<{ mid: number; seq: number; sender?: number; senderSeq?: number }>[] = [];
    a.raw.onFrame = (frame) => {
      if (frame.action !== 'ack.message') return;
      const { mid, seq, cliMid } = frame.data as { mid: number; seq: number; cliMid: string };
      // Read the moment the ack arrives.
      const read = Promise.all([server.app.store.messages.get(mid), server.app.store.messages.findSent([{ sender: alice.uid, cliMid }])]);
      reads.push(read.then(([stored, [sent]]) => ({ mid, seq, sender: stored?.sender, senderSeq: sent?.senderSeq })));
    };
    for (let i = 0; i < 100; i++) a.send(bob.uid, `durable ${i}`);
    await waitFor(() => reads.length === 100, 10_000, '100 acks');
    const results = await Promise.all(reads);
    for (const r of results) expect(r).toEqual({ mid: r.mid, seq: r.seq, sender: alice.uid, senderSeq: r.seq });
    expect(results.map((r) => r.seq)).toEqual(oneTo(100));
  });

  it('3. fans out to every device of the receiver and the sender’s other devices, with each owner’s inbox seq', async () => {
    await h.start();
    const alice = await h.user(2);
    const bob = await h.user(2);
    const aWeb = await h.connect(alice);
    const aAndroid = await h.connect(await h.onDevice(alice, 1));
    const bWeb = await h.connect(bob);
    const bAndroid = await h.connect(await h.onDevice(bob, 1));
    // Bob's inbox starts one ahead of Alice's, so the two seqs of the message differ.
    bWeb.send(bob.uid, 'note to self');
    await bWeb.ackFor(bWeb.send(alice.uid, 'hi alice'));
    const cliMid = aWeb.send(bob.uid, 'to every device');
    const ack = await aWeb.ackFor(cliMid);
    for (const b of [bWeb, bAndroid]) {
      const copy = await chatWith(b, 'to every device');
      expect(copy).toMatchObject({ cliMid, mid: ack.mid, seq: 3, from: String(alice.uid), to: String(bob.uid) });
    }
    const own = await chatWith(aAndroid, 'to every device');
    expect(own).toMatchObject({ cliMid, mid: ack.mid, seq: ack.seq, from: String(alice.uid) });
    expect(ack.seq).toBe(2);
    expect(aWeb.chats().filter((c) => c.cliMid === cliMid)).toHaveLength(0);
  });

  it('4a. relays the first ack.request of a receiver device to the sender once', async () => {
    await h.start();
    const alice = await h.user();
    const bob = await h.user(2);
    const a = await h.connect(alice);
    const bWeb = await h.connect(bob, { isAutoAck: false });
    const bAndroid = await h.connect(await h.onDevice(bob, 1), { isAutoAck: false });
    const first = await a.ackFor(a.send(bob.uid, 'receipt please'));
    await chatWith(bWeb, 'receipt please');
    await chatWith(bAndroid, 'receipt please');
    bWeb.request('ack.request', { mid: first.mid, from: String(alice.uid) });
    const notify = await a.raw.next((f) => f.action === 'ack.notify');
    expect(notify.data).toEqual({ mid: first.mid, from: String(bob.uid) });
    // The second device acks the same message, then a later one: its receipt comes after any repeat.
    const second = await a.ackFor(a.send(bob.uid, 'later'));
    await chatWith(bAndroid, 'later');
    bAndroid.request('ack.request', { mid: first.mid, from: String(alice.uid) });
    bAndroid.request('ack.request', { mid: second.mid, from: String(alice.uid) });
    await waitFor(() => a.ackNotifies().includes(second.mid));
    expect(a.ackNotifies()).toEqual([first.mid, second.mid]);
  });

  it('4b. answers ack.notify at once when the receiver has no device online (custody), and not again later', async () => {
    await h.start();
    const alice = await h.user();
    const bob = await h.user();
    const a = await h.connect(alice);
    const cliMid = a.send(bob.uid, 'kept for bob');
    const ack = await a.ackFor(cliMid);
    await waitFor(() => a.ackNotifies().includes(ack.mid));
    const actions = a.raw.actions();
    expect(actions.indexOf('ack.message')).toBeLessThan(actions.indexOf('ack.notify'));
    expect(a.framesOf('ack.notify')[0]!.data).toEqual({ mid: ack.mid, from: String(bob.uid) });
    const b = await h.connect(bob);
    await chatWith(b, 'kept for bob');
    const later = await a.ackFor(a.send(bob.uid, 'bob is here now'));
    await waitFor(() => a.ackNotifies().includes(later.mid));
    expect(a.ackNotifies()).toEqual([ack.mid, later.mid]);
  });

  it('5a. pushes what a device missed oldest first, then live traffic with no gap or reorder at the seam', async () => {
    await h.start(BULK);
    const alice = await h.user();
    const bob = await h.user();
    const a = await h.connect(alice);
    let bobClient: Promise<ChatClient> | undefined;
    const acks = await sendWindowed(a, bob.uid, 300, {
      window: 20,
      // Bob signs in while Alice keeps sending.
      onAcked: (i) => {
        if (i === 100) bobClient = h.connect(bob);
      },
    });
    const b = await bobClient!;
    await b.waitForChats(300, 20_000);
    const chats = b.chats();
    expect(chats.map((c) => c.seq)).toEqual(oneTo(300));
    expect(chats.map((c) => c.mid)).toEqual(acks.map((x) => x.mid));
    expect(chats.map((c) => c.content)).toEqual(acks.map((_, i) => `m${i}`));
  });

  it('5b. keeps inboxes gapless and answers api.msg.sync and POST msg/sync with exactly what was missed', async () => {
    const server = await h.start(BULK);
    const alice = await h.user();
    const bob = await h.user();
    const a = await h.connect(alice);
    const b = await h.connect(bob);
    for (let i = 0; i < 30; i++) {
      a.send(bob.uid, `a${i}`);
      if (i % 3 === 0) b.send(alice.uid, `b${i}`);
    }
    await waitFor(() => a.framesOf('ack.message').length === 30 && b.framesOf('ack.message').length === 10, 10_000, 'all acks');
    for (const uid of [alice.uid, bob.uid]) {
      const inbox = await server.app.store.messages.inboxAfter(uid, 0, 100);
      expect(inbox.entries.map((e) => e.seq)).toEqual(oneTo(40));
    }
    const expected = (await server.app.store.messages.inboxAfter(bob.uid, 12, 100)).entries.map((e) => ({ Seq: e.seq, Mid: e.message.mid }));
    // Over the long connection, 7 at a time.
    const pulled: { Seq: number; Mid: number }[] = [];
    let after = 12;
    for (let page = 0; ; page++) {
      const reply = await b.api('msg/sync', { After: after, Limit: 7 });
      expect(reply.action).toBe('api.success');
      const data = reply.data as { Messages: { Seq: number; Mid: number }[]; LastSeq: number; HasMore: boolean };
      pulled.push(...data.Messages.map((m) => ({ Seq: m.Seq, Mid: m.Mid })));
      expect(data.LastSeq).toBe(pulled.at(-1)!.Seq);
      after = data.LastSeq;
      if (!data.HasMore) break;
      expect(page).toBeLessThan(10);
    }
    expect(pulled).toEqual(expected);
    // Over HTTP, in one page and at the end.
    const http = await callApi(server, 'msg/sync', { After: 12, Limit: 100 }, bob.token);
    const body = http.body.Data as { Messages: { Seq: number; Mid: number }[]; LastSeq: number; HasMore: boolean };
    expect(body.Messages.map((m) => ({ Seq: m.Seq, Mid: m.Mid }))).toEqual(expected);
    expect(body).toMatchObject({ LastSeq: 40, HasMore: false });
    expect((await callApi(server, 'msg/sync', { After: 40 }, bob.token)).body.Data).toEqual({ Messages: [], LastSeq: 40, HasMore: false });
  });

  it('6. delivers each sender’s messages to the receiver in the order sent', async () => {
    await h.start(BULK);
    const [alice, carol, bob] = [await h.user(), await h.user(), await h.user()];
    const a = await h.connect(alice);
    const c = await h.connect(carol);
    const b = await h.connect(bob);
    for (let i = 0; i < 200; i++) {
      a.send(bob.uid, `a${i}`);
      c.send(bob.uid, `c${i}`);
    }
    await b.waitForChats(400, 20_000);
    const chats = b.chats();
    expect(chats.map((x) => x.seq)).toEqual(oneTo(400));
    for (const [from, prefix] of [[alice.uid, 'a'], [carol.uid, 'c']] as const) {
      expect(chats.filter((x) => x.from === String(from)).map((x) => x.content)).toEqual(oneTo(200).map((i) => `${prefix}${i - 1}`));
    }
  });

  it('7. disconnects a receiver that stops reading, keeps the sender going and loses nothing', async () => {
    const server = await h.start({ ...BULK, gateway: { maxQueueBytes: 256 * 1024 } });
    const alice = await h.user();
    const bob = await h.user();
    const a = await h.connect(alice);
    const stalled = await h.connect(bob);
    // Bob's socket stops reading: what the server writes piles up in its send queue.
    (stalled.raw.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const big = 'x'.repeat(12 * 1024);
    const acks: { mid: number }[] = [];
    // A few frames at a time, each burst well inside the queue: only the unread backlog can overflow it.
    const apps = appsOf(server);
    while (apps.some((app) => app.gateway.connectionsOf(bob.uid).size > 0)) {
      acks.push(...(await sendWindowed(a, bob.uid, 5, { window: 5, content: (i) => `${acks.length + i}:${big}` })));
      expect(acks.length).toBeLessThan(10_000);
    }
    // The sender keeps working after the receiver was cut off.
    acks.push(...(await sendWindowed(a, bob.uid, 20, { content: (i) => `${acks.length + i}:${big}` })));
    stalled.close();
    const overflows = await Promise.all(apps.map((app) => app.metrics.getSingleMetric('glide_gateway_queue_overflows_total')!.get()));
    expect(overflows.flatMap((o) => o.values).reduce((sum, v) => sum + v.value, 0)).toBe(1);

    const b = await h.connect(bob);
    // The sign-in push is bounded by bytes; the rest is pulled by seq, as a client does on a gap.
    await waitFor(() => b.chats().length > 0, 10_000, 'the sign-in push');
    const have = byInboxSeq(b.chats());
    let after = have.at(-1)!.seq;
    for (;;) {
      const reply = await callApi(server, 'msg/sync', { After: after, Limit: 20 }, bob.token);
      const data = reply.body.Data as { Messages: { Seq: number; Mid: number; Content: string }[]; LastSeq: number; HasMore: boolean };
      have.push(...data.Messages.map((m) => ({ seq: m.Seq, mid: m.Mid, content: m.Content }) as never));
      after = data.LastSeq;
      if (!data.HasMore) break;
    }
    expect(have.map((m) => m.seq)).toEqual(oneTo(acks.length));
    expect(have.map((m) => m.mid)).toEqual(acks.map((x) => x.mid));
    expect(have.map((m) => m.content.split(':')[0])).toEqual(acks.map((_, i) => String(i)));
  });
});
