import { afterEach, describe, expect, it } from 'vitest';
import { createUnitGateway, type SocketProbe } from '../../test/helpers/unit-gateway.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import { Delivery, LocalPeers } from '../delivery/index.js';
import { GroupFanout } from './group-fanout.js';

const post = (seq: number) => ({ action: 'message.group', data: { mid: 100 + seq, seq, from: '1', to: '9', type: 1, content: `m${seq}`, sendAt: 0 } });

describe('GroupFanout', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  const start = (chunk?: number) => {
    const unit = createUnitGateway();
    closers.push(unit.close);
    const delivery = new Delivery({ connections: unit.gateway, peers: new LocalPeers() });
    return { ...unit, delivery, fanout: new GroupFanout(unit.gateway, delivery, chunk) };
  };
  const seqsOf = (member: SocketProbe) => member.frames().map((f) => (f.action === 'message.group' ? (f.data as { seq: number }).seq : f.action));
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it("delivers to every member connection but the sender's and counts them", async () => {
    const { open, fanout } = start();
    const sender = open(1);
    const members = [open(1, 2), open(2), open(3)];
    expect(fanout.deliver([1, 2, 3], post(1), 9, 1, fanout.here(sender.conn))).toBe(3);
    for (const member of members) await waitFor(() => member.framesOf('message.group').length === 1, 2_000, 'the post');
    expect(sender.frames()).toEqual([]);
  });

  it('holds live posts during a sign-in sync and sends only those the sync did not push', async () => {
    const { open, fanout } = start();
    const member = open(2);
    let release!: () => void;
    const synced = fanout.sync(member.conn, async (pushed) => {
      // Live posts 2 and 3 arrive while the store read is in flight; the sync then pushes 1 and 2.
      await new Promise<void>((resolve) => (release = resolve));
      for (const seq of [1, 2]) {
        member.conn.push(post(seq));
        pushed(9, seq);
      }
    });
    expect(fanout.deliver([2], post(2), 9, 2)).toBe(0);
    expect(fanout.deliver([2], post(3), 9, 3)).toBe(0);
    expect(fanout.deliver([2], { action: 'notify.read', data: { gid: 9, seq: 1, from: 3 } }, 9, 0)).toBe(0);
    release();
    await synced;
    await waitFor(() => member.frames().length === 4, 2_000, 'sync and held frames');
    expect(member.frames().map((f) => (f.action === 'message.group' ? (f.data as { seq: number }).seq : f.action))).toEqual([1, 2, 3, 'notify.read']);
  });

  it('spreads a fan-out bigger than a chunk over ticks, each member getting the posts in order', async () => {
    const { open, fanout } = start(2);
    const members = [2, 3, 4, 5, 6].map((uid) => open(uid));
    expect(fanout.deliver([2, 3, 4, 5, 6], post(1), 9, 1)).toBe(5);
    expect(fanout.deliver([2, 3, 4, 5, 6], post(2), 9, 2)).toBe(5);
    expect(fanout.deliver([2, 3, 4, 5, 6], { action: 'notify.read', data: { gid: 9, seq: 1, from: 3 } }, 9, 0)).toBe(5);
    await tick();
    // One chunk (two connections) was written in the first tick; the last member's turn is later.
    expect(members.map((m) => m.frames().length)).toEqual([1, 1, 0, 0, 0]);
    for (const member of members) await waitFor(() => member.frames().length === 3, 2_000, 'every frame');
    for (const member of members) expect(seqsOf(member)).toEqual([1, 2, 'notify.read']);
  });

  it('does not send again what a sign-in sync pushed while a big fan-out was on its way to that member', async () => {
    const { open, fanout } = start(2);
    const others = [2, 3, 4].map((uid) => open(uid));
    const member = open(5);
    let release!: () => void;
    const synced = fanout.sync(member.conn, async (pushed) => {
      await new Promise<void>((resolve) => (release = resolve));
      member.conn.push(post(1));
      pushed(9, 1);
    });
    expect(fanout.deliver([2, 3, 4, 5], post(1), 9, 1)).toBe(4);
    // The sync ends (it pushed seq 1 from the store) before the fan-out's second chunk reaches the member.
    release();
    await synced;
    for (const other of others) await waitFor(() => other.frames().length === 1, 2_000, 'the post');
    await tick();
    await tick();
    expect(seqsOf(member)).toEqual([1]);
    expect(fanout.deliver([2, 3, 4, 5], post(2), 9, 2)).toBe(4);
    await waitFor(() => member.frames().length === 2, 2_000, 'the next post');
    expect(seqsOf(member)).toEqual([1, 2]);
  });
  it('sends a connection each seq of a group once, and one it skipped even after later ones (a post fanned out again)', async () => {
    const { open, fanout } = start();
    const member = open(2);
    const sender = open(3);
    for (const seq of [1, 2]) fanout.deliver([2, 3], post(seq), 9, seq);
    // The retry's owner thought the storing node gone and fans seq 1 out again: everyone has it.
    expect(fanout.deliver([2, 3], post(1), 9, 1)).toBe(0);
    // Seq 4 comes first (the fan-out of 3 died with its node); then the new owner sends 3 again, the sender's own post.
    expect(fanout.deliver([2, 3], post(4), 9, 4)).toBe(2);
    expect(fanout.deliver([2, 3], post(5), 9, 5, fanout.here(sender.conn))).toBe(1);
    expect(fanout.deliver([2, 3], post(3), 9, 3)).toBe(2);
    expect(fanout.deliver([2, 3], post(3), 9, 3)).toBe(0);
    await waitFor(() => member.frames().length === 5, 2_000, 'five posts');
    await tick();
    expect(seqsOf(member)).toEqual([1, 2, 4, 5, 3]);
    expect(seqsOf(sender)).toEqual([1, 2, 4, 3]);
  });
});
