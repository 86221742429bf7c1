import { describe, expect, it } from 'vitest';
import { callApi, type TestUser } from '../helpers/api-client.js';
import type { ChatClient } from '../helpers/chat-client.js';
import { sendWindowed, useChatHarness } from '../helpers/chat-harness.js';
import { createGroup } from '../helpers/cluster-checks.js';
import type { Frame } from '../helpers/raw-clients.js';
import type { ServerAddress } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

interface EventData {
  mid: number;
  seq: number;
  from: string;
  to: string;
  kind: string;
  target: number;
  content?: string;
  key?: string;
  isOn?: boolean;
}

const api = async (server: ServerAddress, user: TestUser, path: string, body: unknown) => (await callApi(server, path, body, user.token)).body;
const dataOf = async (server: ServerAddress, user: TestUser, path: string, body: unknown) => {
  const reply = await api(server, user, path, body);
  expect(reply, path).toMatchObject({ Code: 100 });
  return reply.Data;
};
const events = (client: ChatClient, action = 'message.chat.event'): EventData[] => client.framesOf(action).map((f) => f.data as EventData);
/** Messages and events as one client got them, in arrival order: [action, seq]. */
const stream = (frames: readonly Frame[]) => frames.filter((f) => f.action === 'message.chat' || f.action === 'message.chat.event').map((f) => [f.action, (f.data as { seq: number }).seq] as const);

describe('edits, reactions and pins', () => {
  const h = useChatHarness();

  it('1:1: every device of both parties gets each event in inbox order, and the reads show its effect', async () => {
    const server = await h.start();
    const [alice, bob] = [await h.user(), await h.user()];
    const aliceDesk = await h.onDevice(alice, 5);
    const [a, a2, b] = [await h.connect(alice), await h.connect(aliceDesk), await h.connect(bob)];
    const [first, second] = await sendWindowed(a, bob.uid, 2, { content: (i) => `text ${i}` });
    await dataOf(server, alice, 'msg/edit', { Mid: first!.mid, Content: 'text 0, edited', CliMid: 'e1' });
    await dataOf(server, bob, 'msg/react', { Mid: first!.mid, Key: '👍', Add: true, CliMid: 'r1' });
    await dataOf(server, bob, 'msg/pin', { Mid: second!.mid, Pin: true, CliMid: 'p1' });
    const last = await a.ackFor(a.send(bob.uid, 'after the events'));
    for (const client of [a2, b]) {
      await waitFor(() => events(client).length === 3 && client.chats().length === 3, 10_000, 'three messages and three events');
      const seqs = stream(client.raw.frames).map(([, seq]) => seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(new Set(seqs).size).toBe(6);
    }
    expect(events(b).map((e) => [e.kind, e.target, e.from])).toEqual([
      ['edit', first!.mid, String(alice.uid)],
      ['reaction', first!.mid, String(bob.uid)],
      ['pin', second!.mid, String(bob.uid)],
    ]);
    expect(events(b)[0]).toMatchObject({ content: 'text 0, edited' });
    expect(events(b)[1]).toMatchObject({ key: '👍', isOn: true });
    // The device that reacted has it too (all devices of every party).
    await waitFor(() => events(a).length === 3, 10_000, 'events on the sending device');

    const history = (await dataOf(server, bob, 'msg/chat/history', { Uid: alice.uid })) as Record<string, unknown>[];
    expect(history.map((m) => m.Content)).toEqual(['after the events', 'text 1', 'text 0, edited']);
    expect(history[2]).toMatchObject({ Edited: true, Reactions: { '👍': 1 } });
    expect(history[1]!.Edited).toBeUndefined();
    expect(await dataOf(server, alice, 'msg/pins', { Uid: bob.uid })).toEqual([{ Mid: second!.mid, By: bob.uid, At: expect.any(Number) }]);
    // The original stays for its sender only.
    expect(((await dataOf(server, alice, 'msg/revisions', { Mid: first!.mid })) as { Content: string }[]).map((r) => r.Content)).toEqual(['text 0', 'text 0, edited']);
    expect(await api(server, bob, 'msg/revisions', { Mid: first!.mid })).toMatchObject({ Code: 4002 });
    // Session lines still name the last message, not an event.
    const sessions = (await dataOf(server, bob, 'session/recent', {})) as { LastMid: number }[];
    expect(sessions.map((s) => s.LastMid)).toEqual([last.mid]);
  });

  it('1:1: a device that was offline gets edits, reactions and pins in order at sign-in and by msg/sync', async () => {
    const server = await h.start();
    const [alice, bob] = [await h.user(), await h.user()];
    const a = await h.connect(alice);
    const b = await h.connect(bob);
    const [sent] = await sendWindowed(a, bob.uid, 1);
    await b.waitForChats(1);
    b.close();
    await dataOf(server, alice, 'msg/edit', { Mid: sent!.mid, Content: 'edited while away' });
    await dataOf(server, alice, 'msg/react', { Mid: sent!.mid, Key: 'heart', Add: true });
    await dataOf(server, alice, 'msg/react', { Mid: sent!.mid, Key: 'heart', Add: false });
    await dataOf(server, alice, 'msg/pin', { Mid: sent!.mid, Pin: true });
    const back = await h.connect(bob);
    await waitFor(() => events(back).length === 4, 10_000, 'four events at sign-in');
    expect(events(back).map((e) => [e.kind, e.isOn ?? null])).toEqual([
      ['edit', null],
      ['reaction', true],
      ['reaction', false],
      ['pin', true],
    ]);
    const seqs = events(back).map((e) => e.seq);
    expect(seqs).toEqual([seqs[0]!, seqs[0]! + 1, seqs[0]! + 2, seqs[0]! + 3]);
    const sync = (await dataOf(server, bob, 'msg/sync', { After: 0 })) as { Messages: { Type: number; Content: string; Seq: number }[] };
    expect(sync.Messages.map((m) => m.Type)).toEqual([1, 9101, 9102, 9102, 9103]);
    expect(sync.Messages[0]).toMatchObject({ Content: 'edited while away', Edited: true });
    expect(sync.Messages[0]).not.toHaveProperty('Reactions');
  });

  it('refuses what the rules forbid, with clear codes', async () => {
    const server = await h.start({ messaging: { maxReactionsPerUser: 1, maxPinsPerConversation: 1 } });
    const [alice, bob, eve] = [await h.user(), await h.user(), await h.user()];
    const a = await h.connect(alice);
    const [m1, m2] = await sendWindowed(a, bob.uid, 2);
    // Only the sender edits; only parties react or pin.
    expect(await api(server, bob, 'msg/edit', { Mid: m1!.mid, Content: 'not mine' })).toMatchObject({ Code: 4002 });
    expect(await api(server, eve, 'msg/react', { Mid: m1!.mid, Key: 'x', Add: true })).toMatchObject({ Code: 4001 });
    expect(await api(server, eve, 'msg/pin', { Mid: m1!.mid, Pin: true })).toMatchObject({ Code: 4001 });
    expect(await api(server, eve, 'msg/edit', { Mid: m1!.mid, Content: 'x' })).toMatchObject({ Code: 4001 });
    // Bounds per user and per conversation.
    await dataOf(server, bob, 'msg/react', { Mid: m1!.mid, Key: 'a', Add: true });
    expect(await api(server, bob, 'msg/react', { Mid: m1!.mid, Key: 'b', Add: true })).toMatchObject({ Code: 4005 });
    await dataOf(server, bob, 'msg/pin', { Mid: m1!.mid, Pin: true });
    expect(await api(server, bob, 'msg/pin', { Mid: m2!.mid, Pin: true })).toMatchObject({ Code: 4005 });
    // Recalled messages cannot be edited; sizes are bounded.
    a.request('message.chat.recall', { cliMid: 'rc', to: String(bob.uid), type: 1, content: JSON.stringify({ mid: m2!.mid, recallBy: String(alice.uid) }) });
    await a.ackFor('rc');
    expect(await api(server, alice, 'msg/edit', { Mid: m2!.mid, Content: 'too late' })).toMatchObject({ Code: 4001 });
    expect((await callApi(server, 'msg/react', { Mid: m1!.mid, Key: 'k'.repeat(33), Add: true }, bob.token)).status).toBe(400);
    expect((await callApi(server, 'msg/edit', { Mid: m1!.mid, Content: 'x'.repeat(16 * 1024 + 1) }, alice.token)).status).toBe(400);
  });

  it('refuses edits outside the window (0 disables) and over the per-user rate', async () => {
    const server = await h.start({ messaging: { editWindowSec: 0, maxEventsPerSecond: 1 } });
    const [alice, bob] = [await h.user(), await h.user()];
    const [sent] = await sendWindowed(await h.connect(alice), bob.uid, 1);
    expect(await api(server, alice, 'msg/edit', { Mid: sent!.mid, Content: 'no' })).toMatchObject({ Code: 4003 });
    const replies = await Promise.all([1, 2, 3].map((i) => callApi(server, 'msg/react', { Mid: sent!.mid, Key: `k${i}`, Add: true }, bob.token)));
    expect(replies.some((r) => r.status === 429)).toBe(true);
  });

  it('a retry with the same CliMid is the same event, stored and delivered once', async () => {
    const server = await h.start();
    const [alice, bob] = [await h.user(), await h.user()];
    const a = await h.connect(alice);
    const b = await h.connect(bob);
    const [sent] = await sendWindowed(a, bob.uid, 1);
    const first = await dataOf(server, bob, 'msg/react', { Mid: sent!.mid, Key: '🎉', Add: true, CliMid: 'same' });
    const again = await dataOf(server, bob, 'msg/react', { Mid: sent!.mid, Key: '🎉', Add: true, CliMid: 'same' });
    expect(again).toEqual(first);
    const sync = (await dataOf(server, bob, 'msg/sync', { After: 0 })) as { Messages: { Type: number }[] };
    expect(sync.Messages.filter((m) => m.Type === 9102)).toHaveLength(1);
    await waitFor(() => events(b).length >= 1, 10_000, 'the event');
  });

  it('groups: members react, senders edit, only managers pin; members get each event in group seq order', async () => {
    const server = await h.start();
    const [owner, member, outsider] = [await h.user(), await h.user(), await h.user()];
    const gid = await createGroup(server, owner, [member]);
    const o = await h.connect(owner);
    const m = await h.connect(member);
    o.request('message.group', { cliMid: 'g1', to: String(gid), type: 1, content: 'group text' });
    const posted = await o.ackFor('g1');
    await dataOf(server, member, 'msg/react', { Mid: posted.mid, Key: '👍', Add: true, Gid: gid });
    await dataOf(server, owner, 'msg/edit', { Mid: posted.mid, Content: 'group text, edited', Gid: gid });
    expect(await api(server, member, 'msg/edit', { Mid: posted.mid, Content: 'x', Gid: gid })).toMatchObject({ Code: 4002 });
    expect(await api(server, member, 'msg/pin', { Mid: posted.mid, Pin: true, Gid: gid })).toMatchObject({ Code: 4004 });
    expect(await api(server, outsider, 'msg/react', { Mid: posted.mid, Key: 'x', Add: true, Gid: gid })).toMatchObject({ Code: 3003 });
    await dataOf(server, owner, 'msg/pin', { Mid: posted.mid, Pin: true, Gid: gid });
    await waitFor(() => events(m, 'message.group.event').length === 3, 10_000, 'three group events');
    const got = events(m, 'message.group.event');
    expect(got.map((e) => e.kind)).toEqual(['reaction', 'edit', 'pin']);
    expect(got.map((e) => e.seq)).toEqual([posted.seq + 1, posted.seq + 2, posted.seq + 3]);
    const history = (await dataOf(server, member, 'msg/group/history', { Gid: gid })) as { Type: number; Content: string; Edited?: boolean; Reactions?: Record<string, number> }[];
    expect(history.find((row) => row.Type === 1)).toMatchObject({ Content: 'group text, edited', Edited: true, Reactions: { '👍': 1 } });
    expect(await dataOf(server, member, 'msg/pins', { Gid: gid })).toEqual([{ Mid: posted.mid, By: owner.uid, At: expect.any(Number) }]);
    expect(await api(server, outsider, 'msg/pins', { Gid: gid })).toMatchObject({ Code: 3003 });
  });
});
