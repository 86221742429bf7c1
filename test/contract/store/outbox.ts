import { describe, expect, it } from 'vitest';
import { SESSION_TYPE, type OutboxItem } from '../../../src/store/index.js';
import { nextUid } from '../../helpers/store-fixtures.js';
import type { StoreHandle } from './handle.js';

let made = 0;
/** Keys unique across runs sharing a database (the table is shared by the whole contract). */
const fresh = (what: string) => `${what}-${process.pid}-${Date.now()}-${++made}`;

export function outboxContract(h: StoreHandle): void {
  describe('outbox', () => {
    it('skips a repeated dedup key, replaces untried items of the same collapse key, and leases what it hands out', async () => {
      const { outbox } = h.store;
      const now = h.clock.now();
      const [dup, collapse, other] = [fresh('dup'), fresh('col'), fresh('other')];
      await outbox.enqueue([
        { kind: 'test', dedupKey: dup, target: 't1', payload: 'first', nextAt: now },
        { kind: 'test', dedupKey: dup, target: 't1', payload: 'second', nextAt: now },
        { kind: 'test', dedupKey: fresh('a'), collapseKey: collapse, target: 't2', payload: 'older', nextAt: now },
      ]);
      await outbox.enqueue([{ kind: 'test', dedupKey: fresh('b'), collapseKey: collapse, target: 't2', payload: 'newer', nextAt: now }]);
      await outbox.enqueue([{ kind: 'test', dedupKey: other, target: 't3', payload: 'later', nextAt: now + 60_000 }]);
      const claimed = (await outbox.claimDue(now, 1000, now + 30_000)).filter((i) => ['t1', 't2', 't3'].includes(i.target) && i.kind === 'test' && ['first', 'second', 'older', 'newer', 'later'].includes(i.payload));
      const mine = claimed.filter((i) => i.payload !== 'later');
      expect(mine.map((i) => i.payload).sort()).toEqual(['first', 'newer']);
      expect(mine.every((i) => i.attempts === 1)).toBe(true);
      // Leased: not handed out again until the lease ends.
      const again = await outbox.claimDue(now, 1000, now + 30_000);
      expect(again.filter((i) => mine.some((m) => m.id === i.id))).toEqual([]);
      await outbox.retryAt([mine[0]!.id], now + 1, 'HTTP 503');
      await outbox.finish([mine[1]!.id], 'done');
      const retried = await outbox.claimDue(now + 1, 1000, now + 30_000);
      expect(retried.find((i) => i.id === mine[0]!.id)).toMatchObject({ attempts: 2 });
      await outbox.finish([mine[0]!.id], 'failed', 'gave up');
      // A finished dedup key still blocks a repeat.
      await outbox.enqueue([{ kind: 'test', dedupKey: dup, target: 't1', payload: 'third', nextAt: now }]);
      expect((await outbox.claimDue(now + 2, 1000, now + 30_000)).filter((i) => i.payload === 'third')).toEqual([]);
      const { depth } = await outbox.backlog();
      expect(depth).toBeGreaterThanOrEqual(1);
      expect(await outbox.purge(now + 3_600_000)).toBeGreaterThanOrEqual(2);
    });
  });

  describe('outbox routes', () => {
    it('leaves the items of a skipped route alone, and holding a route puts its claimed and due items back without counting the attempt', async () => {
      const { outbox } = h.store;
      const now = h.clock.now();
      const [down, up] = [fresh('route-down'), fresh('route-up')];
      const kind = fresh('k').slice(0, 16);
      await outbox.enqueue([
        { kind, dedupKey: fresh('d1'), target: 't', route: down, payload: 'd1', nextAt: now },
        { kind, dedupKey: fresh('d2'), target: 't', route: down, payload: 'd2', nextAt: now },
        { kind, dedupKey: fresh('u1'), target: up, payload: 'u1', nextAt: now },
      ]);
      const mine = (items: OutboxItem[]) => items.filter((i) => i.kind === kind);
      const first = mine(await outbox.claimDue(now, 1000, now + 30_000, [down]));
      expect(first.map((i) => [i.payload, i.route])).toEqual([['u1', up]]);
      await outbox.finish([first[0]!.id], 'done');
      const probe = mine(await outbox.claimDue(now, 1000, now + 30_000));
      expect(probe.map((i) => i.payload)).toEqual(['d1', 'd2']);
      expect(probe.every((i) => i.attempts === 1)).toBe(true);
      // Another node enqueued for the route meanwhile: due now, moved with the claimed ones.
      await outbox.enqueue([{ kind, dedupKey: fresh('d3'), target: 't', route: down, payload: 'd3', nextAt: now }]);
      await outbox.holdRoute(down, [probe[0]!.id, probe[1]!.id], now, now + 5_000, 'connect ECONNREFUSED');
      expect(mine(await outbox.claimDue(now + 4_999, 1000, now + 30_000))).toEqual([]);
      const back = mine(await outbox.claimDue(now + 5_000, 1000, now + 60_000));
      expect(back.map((i) => [i.payload, i.attempts])).toEqual([['d1', 1], ['d2', 1], ['d3', 1]]);
      await outbox.finish(back.map((i) => i.id), 'done');
    });
  });

  describe('push endpoints and settings', () => {
    it('registers per kind and address (a second registration moves it), lists, removes, and keeps mutes and do-not-disturb', async () => {
      const { push } = h.store;
      const [a, b, peer] = [nextUid(), nextUid(), nextUid()];
      const address = `https://push.example/${fresh('ep')}`;
      const first = await push.register({ uid: a, device: 2, kind: 'webpush', address, keys: '{"p256dh":"k","auth":"s"}' });
      expect(first).toMatchObject({ uid: a, device: 2, kind: 'webpush', address });
      const moved = await push.register({ uid: b, device: 3, kind: 'webpush', address, keys: '{"p256dh":"k2","auth":"s2"}' });
      expect(moved).toMatchObject({ id: first.id, uid: b, device: 3, keys: '{"p256dh":"k2","auth":"s2"}' });
      expect(await push.listOf(a)).toEqual([]);
      expect(await push.countOf(b)).toBe(1);
      expect(await push.usersWithEndpoints(b - 1, 10)).toContain(b);
      expect(await push.unregister(a, 'webpush', address)).toBe(false);
      expect(await push.unregister(b, 'webpush', address)).toBe(true);
      const token = await push.register({ uid: a, device: 1, kind: 'fcm', address: fresh('tok'), keys: '' });
      await push.remove(token.id);
      expect(await push.get(token.id)).toBeUndefined();

      expect(await push.isMuted(a, SESSION_TYPE.chat, peer)).toBe(false);
      await push.setMuted(a, SESSION_TYPE.chat, peer, true);
      await push.setMuted(a, SESSION_TYPE.chat, peer, true);
      expect(await push.isMuted(a, SESSION_TYPE.chat, peer)).toBe(true);
      expect(await push.isMuted(a, SESSION_TYPE.group, peer)).toBe(false);
      await push.setMuted(a, SESSION_TYPE.chat, peer, false);
      expect(await push.isMuted(a, SESSION_TYPE.chat, peer)).toBe(false);
      expect(await push.isDoNotDisturb(a)).toBe(false);
      await push.setDoNotDisturb(a, true);
      expect(await push.isDoNotDisturb(a)).toBe(true);
      await push.setDoNotDisturb(a, false);
      expect(await push.isDoNotDisturb(a)).toBe(false);
    });

    it('counts unread 1:1 messages as the badge', async () => {
      const [owner, x, y] = [nextUid(), nextUid(), nextUid()];
      const at = h.clock.now();
      expect(await h.store.push.unreadCount(owner)).toBe(0);
      await h.store.sessions.applyMessages([
        { owner, type: SESSION_TYPE.chat, peer: x, mid: 1, unread: 2, at },
        { owner, type: SESSION_TYPE.chat, peer: y, mid: 2, unread: 3, at },
      ]);
      expect(await h.store.push.unreadCount(owner)).toBe(5);
    });
  });
}
