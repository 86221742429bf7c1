import { describe, expect, it } from 'vitest';
import { SESSION_TYPE } from '../../../src/store/index.js';
import { nextMid, nextUid } from '../../helpers/store-fixtures.js';
import type { StoreHandle } from './handle.js';

const CHAT = SESSION_TYPE.chat;

export function sessionContract(h: StoreHandle): void {
  describe('sessions', () => {
    it('creates missing lines idempotently and leaves existing ones alone', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const at = h.clock.now();
      await h.store.sessions.ensure([
        { owner: a, type: CHAT, peer: b },
        { owner: b, type: CHAT, peer: a },
        { owner: a, type: CHAT, peer: b },
      ]);
      await h.store.sessions.applyMessages([{ owner: a, type: CHAT, peer: b, mid: 77, unread: 2, at }]);
      h.clock.advance(5);
      await h.store.sessions.ensure([{ owner: a, type: CHAT, peer: b }]);
      await h.store.sessions.ensure([]);
      expect(await h.store.sessions.get(a, CHAT, b)).toEqual({
        owner: a, type: CHAT, peer: b, lastMid: 77, unread: 2, readCursor: 0, createdAt: at, updatedAt: at,
      });
      expect(await h.store.sessions.get(b, CHAT, a)).toMatchObject({ lastMid: 0, unread: 0 });
      expect(await h.store.sessions.get(a, SESSION_TYPE.group, b)).toBeUndefined();
    });

    it('applies a message: sender line without unread, receiver line counts it, created when missing', async () => {
      const [sender, receiver] = [nextUid(), nextUid()];
      const mid = nextMid();
      const at = h.clock.now();
      await h.store.sessions.applyMessages([
        { owner: sender, type: CHAT, peer: receiver, mid, unread: 0, at },
        { owner: receiver, type: CHAT, peer: sender, mid, unread: 1, at },
      ]);
      const later = nextMid();
      await h.store.sessions.applyMessages([
        { owner: sender, type: CHAT, peer: receiver, mid: later, unread: 0, at: at + 10 },
        { owner: receiver, type: CHAT, peer: sender, mid: later, unread: 1, at: at + 10 },
      ]);
      expect(await h.store.sessions.get(sender, CHAT, receiver)).toMatchObject({ lastMid: later, unread: 0, updatedAt: at + 10, createdAt: at });
      expect(await h.store.sessions.get(receiver, CHAT, sender)).toMatchObject({ lastMid: later, unread: 2, updatedAt: at + 10 });
    });

    it('merges updates to one line within a call and never moves lastMid or updatedAt back', async () => {
      const [owner, peer] = [nextUid(), nextUid()];
      const [m1, m2, m3] = [nextMid(), nextMid(), nextMid()];
      await h.store.sessions.applyMessages([
        { owner, type: CHAT, peer, mid: m2, unread: 1, at: 200 },
        { owner, type: CHAT, peer, mid: m1, unread: 1, at: 100 },
      ]);
      expect(await h.store.sessions.get(owner, CHAT, peer)).toMatchObject({ lastMid: m2, unread: 2, updatedAt: 200 });
      await h.store.sessions.applyMessages([{ owner, type: CHAT, peer, mid: m1, unread: 1, at: 50 }]);
      expect(await h.store.sessions.get(owner, CHAT, peer)).toMatchObject({ lastMid: m2, unread: 3, updatedAt: 200 });
      await h.store.sessions.applyMessages([{ owner, type: CHAT, peer, mid: m3, unread: 0, at: 300 }]);
      expect(await h.store.sessions.get(owner, CHAT, peer)).toMatchObject({ lastMid: m3, unread: 3, updatedAt: 300 });
    });

    it('lists lines most recently updated first, with an optional limit', async () => {
      const owner = nextUid();
      const [p1, p2, p3] = [nextUid(), nextUid(), nextUid()];
      await h.store.sessions.applyMessages([
        { owner, type: CHAT, peer: p1, mid: 1, unread: 0, at: 300 },
        { owner, type: CHAT, peer: p2, mid: 2, unread: 0, at: 100 },
        { owner, type: SESSION_TYPE.group, peer: p3, mid: 3, unread: 0, at: 200 },
      ]);
      expect((await h.store.sessions.list(owner)).map((s) => s.peer)).toEqual([p1, p3, p2]);
      expect((await h.store.sessions.list(owner, 2)).map((s) => s.peer)).toEqual([p1, p3]);
      expect(await h.store.sessions.list(nextUid())).toEqual([]);
    });

    it('marks read: clears unread when lastMid is covered, keeps it otherwise, cursor only forward', async () => {
      const [owner, peer] = [nextUid(), nextUid()];
      const [m1, m2] = [nextMid(), nextMid()];
      await h.store.sessions.applyMessages([
        { owner, type: CHAT, peer, mid: m1, unread: 1, at: 1 },
        { owner, type: CHAT, peer, mid: m2, unread: 1, at: 2 },
      ]);
      expect(await h.store.sessions.markRead(owner, CHAT, peer, m1)).toBe(true);
      expect(await h.store.sessions.get(owner, CHAT, peer)).toMatchObject({ unread: 2, readCursor: m1 });
      expect(await h.store.sessions.markRead(owner, CHAT, peer, m2)).toBe(true);
      expect(await h.store.sessions.get(owner, CHAT, peer)).toMatchObject({ unread: 0, readCursor: m2 });
      await h.store.sessions.markRead(owner, CHAT, peer, m1);
      expect((await h.store.sessions.get(owner, CHAT, peer))?.readCursor).toBe(m2);
      const m3 = nextMid();
      await h.store.sessions.applyMessages([{ owner, type: CHAT, peer, mid: m3, unread: 4, at: 3 }]);
      await h.store.sessions.markRead(owner, CHAT, peer);
      expect(await h.store.sessions.get(owner, CHAT, peer)).toMatchObject({ unread: 0, readCursor: m3 });
      expect(await h.store.sessions.markRead(owner, CHAT, nextUid())).toBe(false);
    });

    it('removes a line', async () => {
      const [owner, peer] = [nextUid(), nextUid()];
      await h.store.sessions.ensure([{ owner, type: CHAT, peer }]);
      expect(await h.store.sessions.remove(owner, CHAT, peer)).toBe(true);
      expect(await h.store.sessions.remove(owner, CHAT, peer)).toBe(false);
      expect(await h.store.sessions.get(owner, CHAT, peer)).toBeUndefined();
    });
  });
}
