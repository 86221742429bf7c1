import { describe, expect, it } from 'vitest';
import { callApi, type TestUser } from '../helpers/api-client.js';
import type { ChatClient } from '../helpers/chat-client.js';
import { sendWindowed, useChatHarness } from '../helpers/chat-harness.js';
import { createGroup } from '../helpers/cluster-checks.js';
import { G1Client } from '../helpers/g1-client.js';
import type { Frame } from '../helpers/raw-clients.js';
import { waitFor } from '../helpers/wait-for.js';

const SECRET = 'the secret that was recalled';

/** A recall whose content claims `claimedBy` recalled it (the server must not believe it). */
function recallData(mid: number, claimedBy: number, to: number, cliMid: string) {
  return { cliMid, to: String(to), type: 1, content: JSON.stringify({ mid, recallBy: String(claimedBy) }) };
}

/** The recall JSON inside a notice's content (G2 `content`, G1 `Content`). */
function contentOf(frame: Frame): Record<string, unknown> {
  const data = (frame.data ?? frame.Data) as { content?: string; Content?: string };
  return JSON.parse(data.content ?? data.Content ?? '') as Record<string, unknown>;
}

describe('recall: who recalled comes from the identity, and the content is gone from every read path', () => {
  const h = useChatHarness();

  async function g1(user: TestUser): Promise<G1Client> {
    const client = await G1Client.connect(h.server(), user.token, 1);
    h.track(() => client.close());
    return client;
  }

  it('1:1 (G2): the notice and the stored row name the sender, not the recallBy the client claims', async () => {
    const server = await h.start();
    const [alice, bob] = [await h.user(), await h.user()];
    const a = await h.connect(alice);
    const b = await h.connect(bob);
    const [sent] = await sendWindowed(a, bob.uid, 1);
    a.request('message.chat.recall', recallData(sent!.mid, bob.uid, bob.uid, 'claims-bob'));
    await a.ackFor('claims-bob');
    const notice = await b.raw.next((f) => f.action === 'message.chat.recall');
    expect(contentOf(notice)).toEqual({ mid: sent!.mid, recallBy: String(alice.uid) });
    expect(await server.app.store.messages.get(sent!.mid)).toMatchObject({ status: 1, recallBy: alice.uid });
  });

  it('1:1 (G1): the notice content is {Mid, ReCallBy} with the sender, whatever the G1 client claims', async () => {
    await h.start();
    const [alice, bob] = [await h.user(), await h.user()];
    const a = await g1(alice);
    const b = await g1(bob);
    const mid = ((await callApi(h.server(), 'msg/id', {}, alice.token)).body.Data as { Mid: number }).Mid;
    a.request('message.chat', { Mid: mid, To: bob.uid, Type: 1, Content: SECRET, CTime: 1_700_000_000 });
    await a.next('ack.message', (d) => d.Mid === mid);
    a.request('message.chat.recall', { To: bob.uid, Type: 1, Content: JSON.stringify({ ReCallBy: bob.uid, Mid: mid }) });
    const notice = await b.next('message.chat.recall');
    expect(JSON.parse(notice.Content as string)).toEqual({ Mid: mid, ReCallBy: alice.uid });
  });

  it('group (G2 and G1): members get the recalling member as recallBy, and the row stores it', async () => {
    const server = await h.start();
    const [owner, member, other] = [await h.user(), await h.user(), await h.user()];
    const gid = await createGroup(server, owner, [member, other]);
    const m = await h.connect(member);
    const o = await h.connect(owner);
    const g1Other = await g1(other);
    m.request('message.group', { cliMid: 'post', to: String(gid), type: 1, content: SECRET });
    const { mid } = await m.ackFor('post');
    m.request('message.group.recall', recallData(mid, owner.uid, gid, 'claims-owner'));
    await m.ackFor('claims-owner');
    expect(contentOf(await o.raw.next((f) => f.action === 'message.group.recall'))).toEqual({ mid, recallBy: String(member.uid) });
    // The G1 member reads the content the recalling (G2) client's dialect wrote; recallBy is still the member.
    const g1Notice = await g1Other.next('message.group.recall');
    expect(Number(JSON.parse(g1Notice.Content as string).recallBy)).toBe(member.uid);
    expect(await server.app.store.groupMessages.getByMid(mid)).toMatchObject({ status: 1, recallBy: member.uid });
  });

  it('1:1: a recalled message keeps its place, status 1 and recallBy, and no read path serves its content', async () => {
    const server = await h.start({ messaging: { offlinePushLimit: 50 } });
    const [alice, bob] = [await h.user(), await h.user()];
    const a = await h.connect(alice);
    const [before, secret, after] = await sendWindowed(a, bob.uid, 3, { content: (i) => (i === 1 ? SECRET : `plain ${i}`) });
    a.request('message.chat.recall', recallData(secret!.mid, alice.uid, bob.uid, 'recall'));
    await a.ackFor('recall');

    const expectRecalled = (list: { Mid: number; Content: string; Status: number; RecallBy?: number }[]) => {
      expect(list.map((m) => m.Mid)).toEqual(expect.arrayContaining([before!.mid, secret!.mid, after!.mid]));
      expect(list.find((m) => m.Mid === secret!.mid)).toMatchObject({ Content: '', Status: 1, RecallBy: alice.uid });
      expect(JSON.stringify(list)).not.toContain(SECRET);
    };
    for (const [user, peer] of [[alice, bob], [bob, alice]] as const) {
      expectRecalled((await callApi(server, 'msg/chat/history', { Uid: peer.uid }, user.token)).body.Data as never);
      expectRecalled(((await callApi(server, 'msg/sync', { After: 0 }, user.token)).body.Data as { Messages: never }).Messages);
    }
    expectRecalled((await callApi(server, 'msg/chat/offline', {}, bob.token)).body.Data as never);

    // Bob signs in after the recall: the sign-in push has the message in its place, without content.
    const b = await h.connect(bob, { isAutoAck: false });
    await b.waitForChats(3);
    expect(b.chats().map((c) => c.mid)).toEqual([before!.mid, secret!.mid, after!.mid]);
    expect(b.chats()[1]).toMatchObject({ content: '', status: 1 });
    expect(JSON.stringify(b.raw.frames)).not.toContain(SECRET);
    expect(await server.app.store.messages.get(secret!.mid)).toMatchObject({ content: '', status: 1, recallBy: alice.uid });
  });

  it('group: a recalled post keeps its seq, status 1 and recallBy, and history, range, recent and the sign-in push omit its content', async () => {
    const server = await h.start();
    const [owner, member, late] = [await h.user(), await h.user(), await h.user()];
    const gid = await createGroup(server, owner, [member, late]);
    const o = await h.connect(owner);
    const posts: number[] = [];
    for (const [i, text] of ['plain 0', SECRET, 'plain 2'].entries()) {
      o.request('message.group', { cliMid: `p${i}`, to: String(gid), type: 1, content: text });
      posts.push((await o.ackFor(`p${i}`)).seq);
    }
    const secretSeq = posts[1]!;
    const secretMid = (await server.app.store.groupMessages.get(gid, secretSeq))!.mid;
    o.request('message.group.recall', recallData(secretMid, owner.uid, gid, 'recall'));
    await o.ackFor('recall');

    const expectRecalled = (list: { Seq: number; Content: string; Status: number; RecallBy: number }[]) => {
      expect(list.map((m) => m.Seq)).toEqual(expect.arrayContaining(posts));
      expect(list.find((m) => m.Seq === secretSeq)).toMatchObject({ Content: '', Status: 1, RecallBy: owner.uid });
      expect(JSON.stringify(list)).not.toContain(SECRET);
    };
    expectRecalled((await callApi(server, 'msg/group/history', { Gid: gid }, member.token)).body.Data as never);
    expectRecalled((await callApi(server, 'msg/group/range', { Gid: gid, FromSeq: posts[0], ToSeq: posts[2] }, member.token)).body.Data as never);
    expectRecalled((await callApi(server, 'msg/group/recent', { Gid: gid }, member.token)).body.Data as never);

    // A member that was offline gets the post in its place at sign-in, without content.
    const l: ChatClient = await h.connect(late, { isAutoAck: false });
    await waitFor(() => l.framesOf('message.group').length >= 3, 10_000, 'the sign-in group push');
    const pushed = l.framesOf('message.group').map((f) => f.data as { seq: number; content: string; status: number });
    expect(pushed.find((p) => p.seq === secretSeq)).toMatchObject({ content: '', status: 1 });
    expect(JSON.stringify(l.raw.frames)).not.toContain(SECRET);
  });
});
