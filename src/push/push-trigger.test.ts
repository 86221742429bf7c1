import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, type StoredMessage } from '../core/index.js';
import { silentLogger } from '../log/index.js';
import { createStore, SESSION_TYPE, type Store } from '../store/index.js';
import { PushTrigger } from './push-trigger.js';

const GRACE = 1_000;

describe('PushTrigger over a real SQLite store', () => {
  let dir: string;
  let store: Store;
  let clock: ManualClock;
  let trigger: PushTrigger;
  let mid = 100;
  const [alice, bob, carol, gid] = [1, 2, 3, 50];

  const chat = (to: number, content = 'hi'): StoredMessage => ({ kind: 'chat', mid: ++mid, sender: alice, to, seq: 1, type: 1, content, sendAt: clock.now(), recipients: [to] });
  const group = (seq: number, recipients: number[], extra: Partial<StoredMessage> = {}): StoredMessage => ({ kind: 'group', mid: ++mid, sender: alice, to: gid, seq, type: 1, content: `g${seq}`, sendAt: clock.now(), recipients, ...extra });
  const rows = async () => (await store.pushQueue.due(Number.MAX_SAFE_INTEGER, 100)).map((e) => [e.uid, e.type, e.mid]);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'glide-push-trigger-'));
    clock = new ManualClock();
    store = await createStore({ url: `sqlite:${join(dir, 'glide.db')}`, dataDir: dir, log: silentLogger(), clock });
    trigger = new PushTrigger(store.pushQueue, clock, GRACE, () => true);
    trigger.setReachable(new Set([bob, carol]));
    // Past the start-up window in which every receipt is written (rows of an earlier run).
    clock.advance(2 * GRACE + 10_001);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes nothing for a message confirmed before the flush, and nothing for users without an endpoint', async () => {
    const m = chat(bob);
    trigger.stored(m);
    trigger.stored(chat(alice));
    trigger.received(bob, m.mid);
    await trigger.flush();
    expect(await rows()).toEqual([]);
    expect(trigger.staged).toBe(0);
  });

  it('deletes a written row when its receipt comes after the flush; an unrelated receipt costs nothing', async () => {
    const m = chat(bob);
    trigger.stored(m);
    trigger.stored(chat(carol));
    await trigger.flush();
    expect(await rows()).toHaveLength(2);
    trigger.received(bob, m.mid);
    trigger.received(bob, 9_999);
    await trigger.flush();
    expect(await rows()).toEqual([[carol, SESSION_TYPE.chat, mid]]);
  });

  it('hands a row on after the grace; a newer message defers it to its own grace, but not past twice the grace', async () => {
    trigger.stored(chat(bob, 'one'));
    await trigger.flush();
    clock.advance(GRACE - 1);
    expect((await trigger.takeDue(10)).ready).toEqual([]);
    trigger.stored(chat(bob, 'two'));
    await trigger.flush();
    clock.advance(1);
    // Due (first message's grace), but "two" is 1 ms old: deferred to its grace.
    expect(await trigger.takeDue(10)).toEqual({ ready: [], due: 1 });
    clock.advance(GRACE - 2);
    trigger.stored(chat(bob, 'three'));
    await trigger.flush();
    clock.advance(2);
    // "three" is young, but the first message is twice the grace old: sent now, with the newest text.
    const { ready } = await trigger.takeDue(10);
    expect(ready.map((e) => [e.uid, e.content])).toEqual([[bob, 'three']]);
  });

  it('keeps the newest group message per member; an ack up to its seq cancels it, an older ack does not', async () => {
    trigger.stored(group(5, [bob, carol]));
    await trigger.flush();
    trigger.stored(group(6, [bob, carol]));
    trigger.groupReceived(bob, gid, 6);
    trigger.groupReceived(carol, gid, 5);
    await trigger.flush();
    expect(await rows()).toEqual([[carol, SESSION_TYPE.group, mid]]);
    clock.advance(2 * GRACE);
    expect((await trigger.takeDue(10)).ready.map((e) => [e.uid, e.seq, e.content])).toEqual([[carol, 6, 'g6']]);
  });

  it('writes a receipt for a message another node stored (that node down), though this node wrote no row for it', async () => {
    const m = chat(bob);
    trigger.stored(m);
    await trigger.flush();
    const other = new PushTrigger(store.pushQueue, clock, GRACE, () => false);
    other.setReachable(new Set([bob]));
    clock.advance(2 * GRACE + 10_001);
    other.received(bob, m.mid);
    await other.flush();
    expect(await rows()).toEqual([]);
  });

  it('marks a mentioned member (by uid or @all) and keeps the mark when a newer post replaces the row, staged or written', async () => {
    trigger.stored(group(2, [bob, carol], { mentions: [bob] }));
    trigger.stored(group(3, [bob, carol]));
    await trigger.flush();
    trigger.stored(group(4, [bob, carol]));
    await trigger.flush();
    clock.advance(2 * GRACE);
    const { ready } = await trigger.takeDue(10);
    expect(ready.map((e) => [e.uid, e.seq, e.isMentioned]).sort()).toEqual([
      [bob, 4, true],
      [carol, 4, false],
    ]);
    await store.pushQueue.remove(ready);
    trigger.stored(group(5, [carol], { mentionAll: true }));
    await trigger.flush();
    clock.advance(2 * GRACE);
    expect((await trigger.takeDue(10)).ready.map((e) => [e.uid, e.isMentioned])).toEqual([[carol, true]]);
  });
});
