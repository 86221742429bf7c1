import { describe, expect, it } from 'vitest';
import { CONTACT_TYPE, REQUEST_STATUS } from '../../../src/store/index.js';
import { nextUid } from '../../helpers/store-fixtures.js';
import type { StoreHandle } from './handle.js';

export function contactContract(h: StoreHandle): void {
  describe('contacts', () => {
    it('adds both directions at once and is idempotent, keeping the first remark', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const at = h.clock.now();
      await h.store.contacts.addPair(a, b, 'my friend');
      h.clock.advance(10);
      await h.store.contacts.addPair(a, b, 'changed');
      await h.store.contacts.addPair(b, a);
      expect(await h.store.contacts.list(a)).toEqual([{ owner: a, id: b, type: CONTACT_TYPE.user, remark: 'my friend', createdAt: at }]);
      expect(await h.store.contacts.list(b)).toEqual([{ owner: b, id: a, type: CONTACT_TYPE.user, remark: '', createdAt: at }]);
    });

    it('adds one direction, reports whether it was new, and lists oldest first', async () => {
      const [owner, friend, gid] = [nextUid(), nextUid(), nextUid()];
      expect(await h.store.contacts.add(owner, friend, CONTACT_TYPE.user, 'r')).toBe(true);
      expect(await h.store.contacts.add(owner, friend, CONTACT_TYPE.user, 'other')).toBe(false);
      h.clock.advance(5);
      expect(await h.store.contacts.add(owner, gid, CONTACT_TYPE.group)).toBe(true);
      expect((await h.store.contacts.list(owner)).map((c) => [c.id, c.type, c.remark])).toEqual([
        [friend, CONTACT_TYPE.user, 'r'],
        [gid, CONTACT_TYPE.group, ''],
      ]);
      expect(await h.store.contacts.get(friend, owner, CONTACT_TYPE.user)).toBeUndefined();
    });

    it('updates a remark, or reports STORE_NOT_FOUND', async () => {
      const [a, b] = [nextUid(), nextUid()];
      await h.store.contacts.addPair(a, b);
      await h.store.contacts.updateRemark(a, b, CONTACT_TYPE.user, 'bestie');
      await h.store.contacts.updateRemark(a, b, CONTACT_TYPE.user, 'bestie');
      expect((await h.store.contacts.get(a, b, CONTACT_TYPE.user))?.remark).toBe('bestie');
      await expect(h.store.contacts.updateRemark(a, nextUid(), CONTACT_TYPE.user, 'x')).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
    });

    it('removes one direction with a count, and both directions as a pair', async () => {
      const [a, b, c] = [nextUid(), nextUid(), nextUid()];
      await h.store.contacts.addPair(a, b);
      await h.store.contacts.addPair(a, c);
      expect(await h.store.contacts.remove(a, [b, nextUid()], CONTACT_TYPE.user)).toBe(1);
      expect(await h.store.contacts.get(b, a, CONTACT_TYPE.user)).toBeDefined();
      expect(await h.store.contacts.remove(a, [], CONTACT_TYPE.user)).toBe(0);
      await h.store.contacts.removePair(c, a);
      await h.store.contacts.removePair(c, a);
      expect(await h.store.contacts.list(a)).toEqual([]);
      expect(await h.store.contacts.list(c)).toEqual([]);
    });

    it('keeps one approval request per pair and lists pending ones newest first', async () => {
      const [to, x, y] = [nextUid(), nextUid(), nextUid()];
      const first = await h.store.contacts.saveRequest(x, to, 'hi');
      expect(first).toMatchObject({ fromUid: x, toUid: to, comment: 'hi', status: REQUEST_STATUS.pending });
      h.clock.advance(10);
      await h.store.contacts.saveRequest(y, to, 'hey');
      expect((await h.store.contacts.listPendingRequests(to)).map((r) => r.fromUid)).toEqual([y, x]);
      await h.store.contacts.resolveRequest(y, to, REQUEST_STATUS.rejected);
      expect((await h.store.contacts.listPendingRequests(to)).map((r) => r.fromUid)).toEqual([x]);
      h.clock.advance(10);
      const again = await h.store.contacts.saveRequest(y, to, 'please');
      expect(again).toMatchObject({ comment: 'please', status: REQUEST_STATUS.pending, createdAt: first.createdAt + 10 });
      expect(again.updatedAt).toBe(again.createdAt + 10);
      expect(await h.store.contacts.getRequest(to, y)).toBeUndefined();
      await expect(h.store.contacts.resolveRequest(to, y, REQUEST_STATUS.accepted)).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
    });

    it('keeps a directional blacklist; block is idempotent and unblock counts', async () => {
      const [owner, spammer, other] = [nextUid(), nextUid(), nextUid()];
      const at = h.clock.now();
      await h.store.contacts.block(owner, spammer);
      h.clock.advance(3);
      await h.store.contacts.block(owner, spammer);
      await h.store.contacts.block(owner, other);
      expect(await h.store.contacts.isBlocked(owner, spammer)).toBe(true);
      expect(await h.store.contacts.isBlocked(spammer, owner)).toBe(false);
      expect(await h.store.contacts.listBlocked(owner)).toEqual([
        { uid: spammer, createdAt: at },
        { uid: other, createdAt: at + 3 },
      ]);
      expect(await h.store.contacts.unblock(owner, [spammer, nextUid()])).toBe(1);
      expect(await h.store.contacts.unblock(owner, [])).toBe(0);
      expect(await h.store.contacts.isBlocked(owner, spammer)).toBe(false);
    });
  });
}
