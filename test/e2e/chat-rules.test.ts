import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/index.js';
import { callApi } from '../helpers/api-client.js';
import type { ChatClient } from '../helpers/chat-client.js';
import { sendWindowed, useChatHarness } from '../helpers/chat-harness.js';
import { waitFor } from '../helpers/wait-for.js';

/** Heartbeats out of the way while a test moves the manual clock by minutes. */
const QUIET = { gateway: { heartbeatIntervalMs: 3_600_000 } };

function recallData(mid: number, by: number, to: number, cliMid: string) {
  return { cliMid, to: String(to), type: 1, content: JSON.stringify({ mid, recallBy: String(by) }) };
}

async function failureFor(client: ChatClient, cliMid: string): Promise<string> {
  await waitFor(() => client.failures().some((f) => f.cliMid === cliMid), 10_000, `message.failed.send for ${cliMid}`);
  return client.failures().find((f) => f.cliMid === cliMid)!.reason;
}

describe('1:1 recall and limits', () => {
  const h = useChatHarness();

  it('recalls within the window: status 1 in history, ack to the recalling device, message.chat.recall on every other device of both parties', async () => {
    const clock = new ManualClock(Date.now());
    const server = await h.start({ ...QUIET, messaging: { recallWindowSec: 60 } }, { clock });
    const alice = await h.user(2);
    const bob = await h.user(2);
    const aWeb = await h.connect(alice);
    const aAndroid = await h.connect(await h.onDevice(alice, 1));
    const bWeb = await h.connect(bob);
    const bAndroid = await h.connect(await h.onDevice(bob, 1));
    const [sent] = await sendWindowed(aWeb, bob.uid, 1, { content: () => 'oops' });
    clock.advance(59_000);
    aWeb.request('message.chat.recall', recallData(sent!.mid, alice.uid, bob.uid, 'recall-1'));
    expect(await aWeb.ackFor('recall-1')).toMatchObject({ cliMid: 'recall-1', mid: sent!.mid });
    for (const device of [bWeb, bAndroid, aAndroid]) {
      const notice = await device.raw.next((f) => f.action === 'message.chat.recall');
      expect(notice.data).toMatchObject({ mid: sent!.mid, from: String(alice.uid), to: String(bob.uid) });
    }
    for (const [user, peer] of [[alice, bob], [bob, alice]] as const) {
      const history = await callApi(server, 'msg/chat/history', { Uid: peer.uid }, user.token);
      expect(history.body.Data).toMatchObject([{ Mid: sent!.mid, Status: 1 }]);
    }
  });

  it('refuses a recall by a non-sender, of another conversation’s message, or after the window', async () => {
    const clock = new ManualClock(Date.now());
    const server = await h.start({ ...QUIET, messaging: { recallWindowSec: 60 } }, { clock });
    const [alice, bob, carol] = [await h.user(), await h.user(), await h.user()];
    const a = await h.connect(alice);
    const b = await h.connect(bob);
    const [toBob] = await sendWindowed(a, bob.uid, 1);
    const [toCarol] = await sendWindowed(a, carol.uid, 1);
    b.request('message.chat.recall', recallData(toBob!.mid, bob.uid, alice.uid, 'not-yours'));
    expect(await failureFor(b, 'not-yours')).toMatch(/sender/);
    a.request('message.chat.recall', recallData(toCarol!.mid, alice.uid, bob.uid, 'other-chat'));
    expect(await failureFor(a, 'other-chat')).toMatch(/conversation/);
    clock.advance(61_000);
    a.request('message.chat.recall', recallData(toBob!.mid, alice.uid, bob.uid, 'too-late'));
    expect(await failureFor(a, 'too-late')).toMatch(/window/);
    const history = await server.app.store.messages.history(alice.uid, bob.uid, 10);
    expect(history.map((m) => m.status)).toEqual([0]);
    expect(b.framesOf('message.chat.recall')).toHaveLength(0);
  });

  it('refuses content over maxContentBytes and sends over maxMessagesPerSecond with message.failed.send', async () => {
    const clock = new ManualClock(Date.now());
    const server = await h.start({ ...QUIET, messaging: { maxContentBytes: 100, maxMessagesPerSecond: 5 } }, { clock });
    const alice = await h.user();
    const bob = await h.user();
    const a = await h.connect(alice);
    const fits = a.send(bob.uid, 'é'.repeat(50));
    const tooBig = a.send(bob.uid, 'é'.repeat(50) + '!');
    await a.ackFor(fits);
    expect(await failureFor(a, tooBig)).toMatch(/100 bytes/);
    // Three used so far in this second (every action counts: the sign-in and two sends): two more pass,
    // the rest are refused by name.
    const burst = Array.from({ length: 6 }, (_, i) => a.send(bob.uid, `burst ${i}`));
    for (const cliMid of burst.slice(0, 2)) await a.ackFor(cliMid);
    for (const cliMid of burst.slice(2)) expect(await failureFor(a, cliMid)).toMatch(/per second/);
    clock.advance(1_000);
    await a.ackFor(a.send(bob.uid, 'next second'));
    const stored = await server.app.store.messages.history(alice.uid, bob.uid, 100);
    expect(stored.map((m) => m.content).reverse()).toEqual(['é'.repeat(50), 'burst 0', 'burst 1', 'next second']);
  });

  it('answers a blacklisted sender and a bad ticket with notify.forbidden (request seq); a valid ticket passes', async () => {
    const server = await h.start();
    const [alice, bob, carol] = [await h.user(), await h.user(), await h.user()];
    const a = await h.connect(alice);
    const chat = (to: number, cliMid: string) => ({ cliMid, to: String(to), type: 1, content: cliMid });

    a.request('message.chat', chat(bob.uid, 'before-the-block'));
    await a.ackFor('before-the-block');
    expect((await callApi(server, 'session/blacklist/add', { relative_ids: [alice.uid] }, bob.token)).body.Code).toBe(100);
    const blocked = a.request('message.chat', chat(bob.uid, 'blocked'));
    await a.raw.next((f) => f.action === 'notify.forbidden' && f.seq === blocked);
    // Nor can a message from before the block be pushed to Bob again.
    const resent = a.request('message.chat.resend', chat(bob.uid, 'before-the-block'));
    await a.raw.next((f) => f.action === 'notify.forbidden' && f.seq === resent);

    const bad = a.request('message.chat', chat(carol.uid, 'bad-ticket'), { ticket: '1.zzzzzz.AAAAAAAAAAAAAAAAAAAAAA' });
    await a.raw.next((f) => f.action === 'notify.forbidden' && f.seq === bad);
    const ticketForBob = (await callApi(server, 'session/ticket', { To: carol.uid }, bob.token)).body.Data as { Ticket: string };
    const wrongPeer = a.request('message.chat', chat(carol.uid, 'someone-elses-ticket'), { ticket: ticketForBob.Ticket });
    await a.raw.next((f) => f.action === 'notify.forbidden' && f.seq === wrongPeer);

    const ticket = (await callApi(server, 'session/ticket', { To: carol.uid }, alice.token)).body.Data as { Ticket: string };
    a.request('message.chat', chat(carol.uid, 'with-ticket'), { ticket: ticket.Ticket });
    await a.ackFor('with-ticket');
    const stored = [...(await server.app.store.messages.history(alice.uid, bob.uid, 10)), ...(await server.app.store.messages.history(alice.uid, carol.uid, 10))];
    expect(stored.map((m) => m.cliMid)).toEqual(['before-the-block', 'with-ticket']);
  });
});
