import { describe, expect, it } from 'vitest';
import { callApi } from '../helpers/api-client.js';
import { sendWindowed, useChatHarness } from '../helpers/chat-harness.js';
import type { TestServer } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

interface MessageView {
  Mid: number;
  From: number;
  To: number;
  Content: string;
  Status: number;
  Seq?: number;
}

interface SessionView {
  To: number;
  Unread: number;
  LastMid: number;
}

async function data<T>(server: TestServer, path: string, body: unknown, token: string): Promise<T> {
  const reply = await callApi(server, path, body, token);
  if (reply.body.Code !== 100) throw new Error(`${path}: ${JSON.stringify(reply.body)}`);
  return reply.body.Data as T;
}

describe('message routes and receipts', () => {
  const h = useChatHarness();

  it('pages msg/chat/history newest first with BeforeMid and Limit, only between the two parties', async () => {
    const server = await h.start();
    const [alice, bob, carol] = [await h.user(), await h.user(), await h.user()];
    const a = await h.connect(alice);
    const b = await h.connect(bob);
    const mids: number[] = [];
    for (let i = 0; i < 7; i++) {
      const [sender, to] = i % 2 === 0 ? [a, bob.uid] : [b, alice.uid];
      mids.push((await sendWindowed(sender, to, 1, { content: () => `h${i}` }))[0]!.mid);
    }
    await sendWindowed(a, carol.uid, 2);
    const pages: number[][] = [];
    let before = 0;
    for (;;) {
      const page = await data<MessageView[]>(server, 'msg/chat/history', { Uid: bob.uid, BeforeMid: before, Limit: 3 }, alice.token);
      if (page.length === 0) break;
      for (const m of page) expect([m.From, m.To].sort()).toEqual([alice.uid, bob.uid].sort());
      pages.push(page.map((m) => m.Mid));
      before = page.at(-1)!.Mid;
    }
    const newestFirst = [...mids].reverse();
    expect(pages).toEqual([newestFirst.slice(0, 3), newestFirst.slice(3, 6), newestFirst.slice(6)]);
    expect((await data<MessageView[]>(server, 'msg/chat/history', { Uid: alice.uid }, bob.token)).map((m) => m.Mid)).toEqual(newestFirst);
    expect(await data<MessageView[]>(server, 'msg/chat/history', { Uid: bob.uid }, carol.token)).toEqual([]);
  });

  it('lists what this device has not acked (msg/chat/offline) until msg/chat/offline/ack, which sign-in then honours', async () => {
    const server = await h.start();
    const alice = await h.user();
    const bob = await h.user();
    const a = await h.connect(alice);
    const sent = await sendWindowed(a, bob.uid, 3, { content: (i) => `offline ${i}` });
    const offline = await data<MessageView[]>(server, 'msg/chat/offline', {}, bob.token);
    expect(offline.map((m) => [m.Seq, m.Mid, m.Content])).toEqual(sent.map((x, i) => [i + 1, x.mid, `offline ${i}`]));
    // Acking the first two leaves the third.
    await data(server, 'msg/chat/offline/ack', { Mid: sent.slice(0, 2).map((x) => x.mid) }, bob.token);
    expect((await data<MessageView[]>(server, 'msg/chat/offline', {}, bob.token)).map((m) => m.Mid)).toEqual([sent[2]!.mid]);
    // A later mid without the earlier ones clears exactly that mid (issue 13: the Android SDK names what it has).
    const more = await sendWindowed(a, bob.uid, 2, { content: (i) => `more ${i}` });
    await data(server, 'msg/chat/offline/ack', { Mid: [more[1]!.mid] }, bob.token);
    expect((await data<MessageView[]>(server, 'msg/chat/offline', {}, bob.token)).map((m) => m.Mid)).toEqual([sent[2]!.mid, more[0]!.mid]);
    await data(server, 'msg/chat/offline/ack', { Mid: [sent[2]!.mid, more[0]!.mid] }, bob.token);
    expect(await data(server, 'msg/chat/offline', {}, bob.token)).toEqual([]);
    // The same device signing in is not pushed what it acked over HTTP.
    const b = await h.connect(bob);
    await sendWindowed(a, bob.uid, 1, { content: () => 'live' });
    await waitFor(() => b.chats().length > 0);
    expect(b.chats().map((c) => c.content)).toEqual(['live']);
  });

  it('starts a device never seen before at the newest offlinePushLimit window, in msg/chat/offline as at sign-in', async () => {
    const server = await h.start({ messaging: { offlinePushLimit: 3 } });
    const alice = await h.user();
    const bob = await h.user(2);
    const a = await h.connect(alice);
    const sent = await sendWindowed(a, bob.uid, 5);
    const newest = sent.slice(2).map((x) => x.mid);
    expect((await data<MessageView[]>(server, 'msg/chat/offline', {}, bob.token)).map((m) => m.Mid)).toEqual(newest);
    const android = await h.connect(await h.onDevice(bob, 1));
    await android.waitForChats(3);
    expect(android.chats().map((c) => c.mid)).toEqual(newest);
  });

  it('keeps session lines current: LastMid, real Unread counts, session/read and ack.read reset them', async () => {
    const server = await h.start();
    const alice = await h.user();
    const bob = await h.user();
    const a = await h.connect(alice);
    const sent = await sendWindowed(a, bob.uid, 3);
    const line = async (owner: typeof alice, peer: number) => (await data<SessionView[]>(server, 'session/recent', {}, owner.token)).find((s) => s.To === peer);
    expect(await line(bob, alice.uid)).toMatchObject({ Unread: 3, LastMid: sent[2]!.mid });
    expect(await line(alice, bob.uid)).toMatchObject({ Unread: 0, LastMid: sent[2]!.mid });
    await data(server, 'session/read', { To: alice.uid }, bob.token);
    expect(await line(bob, alice.uid)).toMatchObject({ Unread: 0 });

    // ack.read over the socket: the sender hears notify.read, the reader's line is read.
    const more = await sendWindowed(a, bob.uid, 2);
    expect(await line(bob, alice.uid)).toMatchObject({ Unread: 2, LastMid: more[1]!.mid });
    const b = await h.connect(bob);
    b.request('ack.read', { mid: more[1]!.mid, from: String(alice.uid) });
    const read = await a.raw.next((f) => f.action === 'notify.read');
    expect(read.data).toEqual({ mid: more[1]!.mid, from: String(bob.uid) });
    expect(await line(bob, alice.uid)).toMatchObject({ Unread: 0 });
    // The sender's line says how far the peer read: a reloaded page shows its read ticks again.
    expect(await line(alice, bob.uid)).toMatchObject({ PeerRead: more[1]!.mid });
    expect(await line(bob, alice.uid)).toMatchObject({ PeerRead: 0 });
  });

  it('relays message.cli to every device of the receiver with from overwritten, and stores nothing', async () => {
    const server = await h.start();
    const alice = await h.user();
    const bob = await h.user(2);
    const a = await h.connect(alice);
    const bWeb = await h.connect(bob);
    const bAndroid = await h.connect(await h.onDevice(bob, 1));
    a.request('message.cli', { from: '424242', to: String(bob.uid), type: 10020, content: 'typing' });
    for (const device of [bWeb, bAndroid]) {
      const signal = await device.raw.next((f) => f.action === 'message.cli');
      expect(signal.data).toEqual({ from: String(alice.uid), to: String(bob.uid), type: 10020, content: 'typing' });
    }
    expect(await server.app.store.messages.history(alice.uid, bob.uid, 10)).toEqual([]);
    expect((await server.app.store.messages.inboxAfter(bob.uid, 0, 10)).entries).toEqual([]);
    expect(bWeb.chats()).toEqual([]);
  });

  it('counts stored messages in app/info MessageSent, duplicates not included', async () => {
    const server = await h.start();
    const alice = await h.user();
    const bob = await h.user();
    const a = await h.connect(alice);
    const sentBefore = async () => ((await callApi(server, 'app/info', undefined, undefined, 'GET')).body.Data as { MessageSent: number }).MessageSent;
    const before = await sentBefore();
    const [first] = await sendWindowed(a, bob.uid, 2);
    a.send(bob.uid, 'again', first!.cliMid);
    await waitFor(() => a.framesOf('ack.message').length === 3);
    expect(await sentBefore()).toBe(before + 2);
  });
});
