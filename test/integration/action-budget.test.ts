import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/index.js';
import { ManualClock } from '../../src/core/index.js';
import type { TestUser } from '../helpers/api-client.js';
import type { ChatClient } from '../helpers/chat-client.js';
import { sendWindowed, useChatHarness } from '../helpers/chat-harness.js';
import { createGroup } from '../helpers/cluster-checks.js';
import type { Frame } from '../helpers/raw-clients.js';
import type { DeepPartial } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

/** Messages per second in these tests: small, so N + k frames give exactly k refusals. */
const RATE = 10;
const EXTRA = 3;
/** Heartbeats out of the way: the clock is frozen and moved by hand. */
const QUIET = { gateway: { heartbeatIntervalMs: 3_600_000 } };

function recallData(mid: number, by: number, to: number, cliMid: string, padding = '') {
  return { cliMid, to: String(to), type: 1, content: JSON.stringify({ mid, recallBy: String(by), ...(padding ? { padding } : {}) }) };
}

const failures = (client: ChatClient) => client.failures();
const errorsIn = (client: ChatClient) => client.framesOf('notify.error');
/** cliMids named by `action` frames (recall notices carry the recall's cliMid). */
const cliMidsOf = (client: ChatClient, action: string) => client.framesOf(action).map((f) => (f.data as { cliMid?: string }).cliMid);

describe('one per-connection budget for every client action, over real sockets', () => {
  const h = useChatHarness();
  let clock: ManualClock;

  async function start(overrides: DeepPartial<Config> = {}) {
    clock = new ManualClock(Date.now());
    return h.start({ ...QUIET, ...overrides, messaging: { maxMessagesPerSecond: RATE, ...overrides.messaging } }, { clock });
  }
  /** A full bucket: one second later. */
  function nextSecond(): void {
    clock.advance(1_000);
  }
  async function pair(): Promise<{ alice: TestUser; bob: TestUser; a: ChatClient; b: ChatClient }> {
    const [alice, bob] = [await h.user(), await h.user()];
    return { alice, bob, a: await h.connect(alice), b: await h.connect(bob, { isAutoAck: false }) };
  }

  it('message.chat.recall: N + k recalls give k message.failed.send, the receiver gets N notices, and the next second passes', async () => {
    await start();
    const { alice, bob, a, b } = await pair();
    const [sent] = await sendWindowed(a, bob.uid, 1);
    nextSecond();
    const burst = Array.from({ length: RATE + EXTRA }, (_, i) => `recall-${i}`);
    for (const cliMid of burst) a.request('message.chat.recall', recallData(sent!.mid, alice.uid, bob.uid, cliMid));
    await waitFor(() => failures(a).length === EXTRA, 10_000, 'the refusals');
    expect(failures(a).map((f) => f.cliMid)).toEqual(burst.slice(RATE));
    expect(failures(a)[0]!.reason).toMatch(/10 messages per second/);
    nextSecond();
    a.request('message.chat.recall', recallData(sent!.mid, alice.uid, bob.uid, 'after'));
    await b.raw.next((f) => f.action === 'message.chat.recall' && (f.data as { cliMid?: string }).cliMid === 'after');
    expect(cliMidsOf(b, 'message.chat.recall')).toEqual([...burst.slice(0, RATE), 'after']);
  });

  it('message.chat.recall and message.group.recall: content over messaging.maxContentBytes is refused and relayed to nobody', async () => {
    const server = await start({ messaging: { maxContentBytes: 1024 } });
    const { alice, bob, a, b } = await pair();
    const [sent] = await sendWindowed(a, bob.uid, 1);
    a.request('message.chat.recall', recallData(sent!.mid, alice.uid, bob.uid, 'big', 'x'.repeat(40 * 1024)));
    expect((await a.raw.next((f) => f.action === 'message.failed.send')).data).toMatchObject({ cliMid: 'big', reason: expect.stringMatching(/1024 bytes/) });
    const gid = await createGroup(server, alice, [bob]);
    a.request('message.group', { cliMid: 'post', to: String(gid), type: 1, content: 'hi' });
    const { mid } = await a.ackFor('post');
    a.request('message.group.recall', recallData(mid, alice.uid, gid, 'big-group', 'x'.repeat(30 * 1024)));
    await waitFor(() => failures(a).some((f) => f.cliMid === 'big-group'), 10_000, 'the group refusal');
    a.request('message.chat.recall', recallData(sent!.mid, alice.uid, bob.uid, 'small'));
    await b.raw.next((f) => f.action === 'message.chat.recall');
    expect(cliMidsOf(b, 'message.chat.recall')).toEqual(['small']);
    expect(b.framesOf('message.group.recall')).toHaveLength(0);
  });

  it('message.chat.resend: N + k resends of one message give k refusals and at most N more copies at the receiver', async () => {
    await start();
    const { bob, a, b } = await pair();
    const [sent] = await sendWindowed(a, bob.uid, 1, { content: () => 'once' });
    await b.raw.next((f) => f.action === 'message.chat');
    nextSecond();
    for (let i = 0; i < RATE + EXTRA; i++) a.send(bob.uid, 'once', sent!.cliMid, 'message.chat.resend');
    await waitFor(() => failures(a).length === EXTRA, 10_000, 'the refusals');
    expect(failures(a).every((f) => f.cliMid === sent!.cliMid && /per second/.test(f.reason))).toBe(true);
    nextSecond();
    a.send(bob.uid, 'barrier');
    await b.raw.next((f) => f.action === 'message.chat' && (f.data as { content: string }).content === 'barrier');
    expect(b.chats().filter((c) => c.mid === sent!.mid)).toHaveLength(1 + RATE);
  });

  it('ack.read: N + k read receipts give k notify.error (request seq, GW_RATE_LIMITED) and the sender gets N notify.read', async () => {
    await start();
    const { alice, bob, a, b } = await pair();
    const [sent] = await sendWindowed(a, bob.uid, 2);
    nextSecond();
    const seqs = Array.from({ length: RATE + EXTRA }, () => b.request('ack.read', { mid: sent!.mid, from: String(alice.uid) }));
    await waitFor(() => errorsIn(b).length === EXTRA, 10_000, 'the refusals');
    expect(errorsIn(b).map((f) => f.seq)).toEqual(seqs.slice(RATE));
    expect(errorsIn(b)[0]!.data).toMatchObject({ code: 'GW_RATE_LIMITED' });
    nextSecond();
    b.request('ack.read', { mid: sent!.mid, from: String(alice.uid) });
    await waitFor(() => a.framesOf('notify.read').length === RATE + 1, 10_000, 'the receipts');
    expect(a.framesOf('notify.read')).toHaveLength(RATE + 1);
  });

  it('message.cli: a signal over messaging.maxContentBytes is refused, and N + k signals relay N', async () => {
    await start();
    const { bob, a, b } = await pair();
    nextSecond();
    const big = a.request('message.cli', { to: String(bob.uid), type: 10020, content: 'x'.repeat(60 * 1024) });
    expect((await a.raw.next((f) => f.action === 'notify.error' && f.seq === big)).msg).toMatch(/16384 bytes/);
    nextSecond();
    const seqs = Array.from({ length: RATE + EXTRA }, (_, i) => a.request('message.cli', { to: String(bob.uid), type: 10020, content: `typing ${i}` }));
    await waitFor(() => errorsIn(a).length === 1 + EXTRA, 10_000, 'the refusals');
    expect(errorsIn(a).slice(1).map((f) => f.seq)).toEqual(seqs.slice(RATE));
    nextSecond();
    a.request('message.cli', { to: String(bob.uid), type: 10020, content: 'after' });
    await b.raw.next((f) => f.action === 'message.cli' && (f.data as { content: string }).content === 'after');
    const relayed = b.framesOf('message.cli').map((f) => (f.data as { content: string }).content);
    expect(relayed).toEqual([...Array.from({ length: RATE }, (_, i) => `typing ${i}`), 'after']);
  });

  /** A five-member group whose owner may reach 4 × the members per second; `m` is a member that does not ack. */
  async function groupOfFive() {
    const members = 5;
    const server = await start({ messaging: { maxFanoutPerSecond: 4 * members } });
    const users = await Promise.all(Array.from({ length: members }, () => h.user()));
    const [owner, ...others] = users as [TestUser, ...TestUser[]];
    const gid = await createGroup(server, owner, others);
    const o = await h.connect(owner);
    const m = await h.connect(others[0]!, { isAutoAck: false });
    return { owner, gid, o, m };
  }

  it('message.group.recall: a recall costs one delivery per member; over messaging.maxFanoutPerSecond it is refused and members get nothing more', async () => {
    const { owner, gid, o, m } = await groupOfFive();
    o.request('message.group', { cliMid: 'post', to: String(gid), type: 1, content: 'hi' });
    const { mid } = await o.ackFor('post');
    nextSecond();
    const burst = Array.from({ length: 6 }, (_, i) => `recall-${i}`);
    for (const cliMid of burst) o.request('message.group.recall', recallData(mid, owner.uid, gid, cliMid));
    await waitFor(() => failures(o).length === 2, 10_000, 'the refusals');
    expect(failures(o).map((f) => f.cliMid)).toEqual(burst.slice(4));
    expect(failures(o)[0]!.reason).toMatch(/20 member deliveries per second/);
    nextSecond();
    o.request('message.group.recall', recallData(mid, owner.uid, gid, 'after'));
    await m.raw.next((f) => f.action === 'message.group.recall' && (f.data as { cliMid?: string }).cliMid === 'after');
    expect(cliMidsOf(m, 'message.group.recall')).toEqual([...burst.slice(0, 4), 'after']);
  });

  it('message.group: posts cost their recipients from the fan-out budget (the first post to a group included)', async () => {
    const { gid, o, m } = await groupOfFive();
    nextSecond();
    const burst = Array.from({ length: 6 }, (_, i) => `post-${i}`);
    for (const cliMid of burst) o.request('message.group', { cliMid, to: String(gid), type: 1, content: cliMid });
    await waitFor(() => failures(o).length === 2, 10_000, 'the refusals');
    expect(failures(o).map((f) => f.cliMid)).toEqual(burst.slice(4));
    nextSecond();
    o.request('message.group', { cliMid: 'after', to: String(gid), type: 1, content: 'after' });
    await m.raw.next((f) => f.action === 'message.group' && (f.data as { content: string }).content === 'after');
    expect(m.framesOf('message.group').map((f) => (f.data as { content: string }).content)).toEqual([...burst.slice(0, 4), 'after']);
  });

  it('ack.read {gid, seq}: a group read receipt costs one delivery per member from the fan-out budget', async () => {
    const { gid, o, m } = await groupOfFive();
    o.request('message.group', { cliMid: 'post', to: String(gid), type: 1, content: 'hi' });
    const { seq } = await o.ackFor('post');
    nextSecond();
    const seqs = Array.from({ length: 6 }, () => o.request('ack.read', { gid: String(gid), seq }));
    await waitFor(() => errorsIn(o).length === 2, 10_000, 'the refusals');
    expect(errorsIn(o).map((f) => f.seq)).toEqual(seqs.slice(4));
    expect(errorsIn(o)[0]!.data).toMatchObject({ code: 'GW_RATE_LIMITED', message: expect.stringMatching(/20 member deliveries per second/) });
    nextSecond();
    o.request('message.group', { cliMid: 'barrier', to: String(gid), type: 1, content: 'barrier' });
    await m.raw.next((f) => f.action === 'message.group' && (f.data as { content: string }).content === 'barrier');
    expect(m.framesOf('notify.read')).toHaveLength(4);
  });

  it('message.group: a group larger than the fan-out budget is still reachable, one post per full bucket, the excess owed', async () => {
    const server = await start({ messaging: { maxFanoutPerSecond: 3 } });
    const users = await Promise.all(Array.from({ length: 5 }, () => h.user()));
    const [owner, ...others] = users as [TestUser, ...TestUser[]];
    const gid = await createGroup(server, owner, others);
    const o = await h.connect(owner);
    nextSecond();
    const post = (cliMid: string) => o.request('message.group', { cliMid, to: String(gid), type: 1, content: cliMid });
    post('first');
    await o.ackFor('first');
    post('owing');
    await waitFor(() => failures(o).length === 1, 10_000, 'the refusal while the debt is unpaid');
    // 5 taken from a bucket of 3 leaves a debt of 2: one second later the bucket holds 1, short of a full one.
    nextSecond();
    post('still-owing');
    await waitFor(() => failures(o).length === 2, 10_000, 'the second refusal');
    nextSecond();
    post('paid');
    await o.ackFor('paid');
    expect(failures(o).map((f) => f.cliMid)).toEqual(['owing', 'still-owing']);
  });

  it('ack.request and ack.group.msg: bounded by messaging.maxAcksPerSecond with notify.error, apart from the message budget', async () => {
    const server = await start({ messaging: { maxAcksPerSecond: 5 } });
    const { alice, bob, a, b } = await pair();
    const gid = await createGroup(server, alice, [bob]);
    const [sent] = await sendWindowed(a, bob.uid, 1);
    nextSecond();
    const seqs = Array.from({ length: 8 }, () => b.request('ack.request', { mid: sent!.mid, from: String(alice.uid) }));
    seqs.push(b.request('ack.group.msg', { gid: String(gid), mid: sent!.mid, seq: 1 }));
    await waitFor(() => errorsIn(b).length === 4, 10_000, 'the refusals');
    expect(errorsIn(b).map((f) => f.seq)).toEqual(seqs.slice(5));
    expect(errorsIn(b)[0]!.msg).toMatch(/5 acks per second/);
    // Acks took nothing from the message budget: a full second of messages still passes.
    const acked = await sendWindowed(b, alice.uid, RATE - 1);
    expect(acked).toHaveLength(RATE - 1);
  });

  it('api.* over the long connection: N + k calls give k api.failed with the request seq', async () => {
    await start();
    const { b } = await pair();
    nextSecond();
    const seqs = Array.from({ length: RATE + EXTRA }, () => b.request('api.user.profile', {}));
    await waitFor(() => b.framesOf('api.failed').length === EXTRA, 10_000, 'the refusals');
    expect(b.framesOf('api.failed').map((f) => f.seq)).toEqual(seqs.slice(RATE));
    expect(b.framesOf('api.failed')[0]!.data).toMatchObject({ Msg: expect.stringMatching(/per second/) });
    expect(b.framesOf('api.success').filter((f: Frame) => seqs.includes(f.seq as number))).toHaveLength(RATE);
  });

  it('bytes: frames beyond messaging.maxBytesPerSecond are refused by name whatever the message count', async () => {
    await start({ messaging: { maxMessagesPerSecond: 1_000, maxBytesPerSecond: 4_096 } });
    const { bob, a } = await pair();
    nextSecond();
    const burst = Array.from({ length: 6 }, (_, i) => a.send(bob.uid, 'x'.repeat(1_000), `bytes-${i}`));
    await waitFor(() => failures(a).length === 3, 10_000, 'the refusals');
    expect(failures(a).map((f) => f.cliMid)).toEqual(burst.slice(3));
    expect(failures(a)[0]!.reason).toMatch(/4096 bytes per second/);
  });

  it('normal use on the defaults is never refused: a conversation with receipts, typing, a group and a recall', async () => {
    const server = await h.start();
    const users = await Promise.all(Array.from({ length: 20 }, () => h.user()));
    const [alice, bob, ...rest] = users as [TestUser, TestUser, ...TestUser[]];
    const a = await h.connect(alice);
    const b = await h.connect(bob);
    const gid = await createGroup(server, alice, [bob, ...rest]);
    const sent = await sendWindowed(a, bob.uid, 100, { window: 20 });
    for (const message of sent.slice(-5)) b.request('ack.read', { mid: message.mid, from: String(alice.uid) });
    for (let i = 0; i < 20; i++) a.request('message.cli', { to: String(bob.uid), type: 10020, content: 'typing' });
    for (let i = 0; i < 50; i++) a.request('message.group', { cliMid: `g${i}`, to: String(gid), type: 1, content: `post ${i}` });
    await a.ackFor('g49');
    a.request('message.chat.recall', recallData(sent[99]!.mid, alice.uid, bob.uid, 'recall'));
    await a.ackFor('recall');
    await waitFor(() => a.framesOf('notify.read').length === 5, 10_000, 'the receipts');
    for (const client of [a, b]) {
      expect(failures(client)).toEqual([]);
      expect(errorsIn(client)).toEqual([]);
    }
  });
});
