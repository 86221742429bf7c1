import { describe, expect, it } from 'vitest';
import { uniqueName } from '../../helpers/store-fixtures.js';
import type { StoreHandle } from './handle.js';

export function userContract(h: StoreHandle): void {
  describe('users', () => {
    it('creates users with distinct positive uids below 2^31 and reads them back every way', async () => {
      const account = uniqueName('alice');
      const email = `${account}@example.com`;
      const a = await h.store.users.create({ account, passwordHash: 'hash-a', nickname: 'Alice 🐱', avatar: 'a.png', email });
      const b = await h.store.users.create({ account: uniqueName('bob'), passwordHash: 'hash-b' });
      expect(a.uid).toBeGreaterThan(0);
      expect(b.uid).toBeLessThan(2 ** 31);
      expect(b.uid).not.toBe(a.uid);
      expect(a).toMatchObject({ account, email, passwordHash: 'hash-a', nickname: 'Alice 🐱', avatar: 'a.png', createdAt: h.clock.now() });
      expect(b).toMatchObject({ email: null, nickname: '', avatar: '' });
      expect(await h.store.users.get(a.uid)).toEqual(a);
      expect(await h.store.users.getByAccount(account)).toEqual(a);
      expect(await h.store.users.getByEmail(email)).toEqual(a);
    });

    it('returns undefined for unknown users', async () => {
      expect(await h.store.users.get(2 ** 31 - 2)).toBeUndefined();
      expect(await h.store.users.getByAccount(uniqueName('nobody'))).toBeUndefined();
      expect(await h.store.users.getByEmail(`${uniqueName('nobody')}@example.com`)).toBeUndefined();
    });

    it('refuses a taken account with STORE_CONFLICT', async () => {
      const account = uniqueName('dup');
      await h.store.users.create({ account, passwordHash: 'x' });
      await expect(h.store.users.create({ account, passwordHash: 'y' })).rejects.toMatchObject({ code: 'STORE_CONFLICT', status: 409, retryable: false });
    });

    it('refuses a taken email but allows many users without one', async () => {
      const email = `${uniqueName('mail')}@example.com`;
      await h.store.users.create({ account: uniqueName('m1'), passwordHash: 'x', email });
      await expect(h.store.users.create({ account: uniqueName('m2'), passwordHash: 'x', email })).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
      await h.store.users.create({ account: uniqueName('n1'), passwordHash: 'x', email: null });
      await h.store.users.create({ account: uniqueName('n2'), passwordHash: 'x' });
    });

    it('compares accounts byte for byte on every engine', async () => {
      const account = uniqueName('CaseTest');
      const upper = await h.store.users.create({ account, passwordHash: 'x' });
      const lower = await h.store.users.create({ account: account.toLowerCase(), passwordHash: 'x' });
      expect(lower.uid).not.toBe(upper.uid);
      expect((await h.store.users.getByAccount(account))?.uid).toBe(upper.uid);
    });

    it('gets many users ordered by uid, each once, skipping unknown ones', async () => {
      const u1 = await h.store.users.create({ account: uniqueName('many'), passwordHash: 'x' });
      const u2 = await h.store.users.create({ account: uniqueName('many'), passwordHash: 'x' });
      const found = await h.store.users.getMany([u2.uid, 2 ** 31 - 3, u1.uid, u2.uid]);
      expect(found.map((u) => u.uid)).toEqual([u1.uid, u2.uid]);
      expect(await h.store.users.getMany([])).toEqual([]);
    });

    it('lists users page by page in uid order', async () => {
      const u1 = await h.store.users.create({ account: uniqueName('list'), passwordHash: 'x' });
      const u2 = await h.store.users.create({ account: uniqueName('list'), passwordHash: 'x' });
      const u3 = await h.store.users.create({ account: uniqueName('list'), passwordHash: 'x' });
      expect((await h.store.users.list(u1.uid - 1, 2)).map((u) => u.uid)).toEqual([u1.uid, u2.uid]);
      expect(await h.store.users.list(u2.uid, 10)).toEqual([u3]);
      expect(await h.store.users.list(u3.uid, 10)).toEqual([]);
    });

    it('updates only the given profile fields and moves updatedAt', async () => {
      const user = await h.store.users.create({ account: uniqueName('upd'), passwordHash: 'old', nickname: 'n', avatar: 'a' });
      h.clock.advance(1_000);
      const updated = await h.store.users.updateProfile(user.uid, { nickname: 'new nick', passwordHash: 'new' });
      expect(updated).toEqual({ ...user, nickname: 'new nick', passwordHash: 'new', updatedAt: user.updatedAt + 1_000 });
      expect(await h.store.users.updateProfile(user.uid, {})).toMatchObject({ nickname: 'new nick', avatar: 'a' });
    });

    it('reports STORE_NOT_FOUND when updating an unknown user and STORE_CONFLICT for a taken email', async () => {
      await expect(h.store.users.updateProfile(2 ** 31 - 4, { nickname: 'x' })).rejects.toMatchObject({ code: 'STORE_NOT_FOUND', status: 404 });
      const email = `${uniqueName('taken')}@example.com`;
      await h.store.users.create({ account: uniqueName('e1'), passwordHash: 'x', email });
      const other = await h.store.users.create({ account: uniqueName('e2'), passwordHash: 'x' });
      await expect(h.store.users.updateProfile(other.uid, { email })).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
    });

    it('starts token versions at 0 and bumps them per (uid, device)', async () => {
      const user = await h.store.users.create({ account: uniqueName('tok'), passwordHash: 'x' });
      expect(await h.store.users.getTokenVersion(user.uid, 1)).toBe(0);
      expect(await h.store.users.bumpTokenVersion(user.uid, 1)).toBe(1);
      expect(await h.store.users.bumpTokenVersion(user.uid, 1)).toBe(2);
      expect(await h.store.users.bumpTokenVersion(user.uid, 2)).toBe(1);
      expect(await h.store.users.getTokenVersion(user.uid, 1)).toBe(2);
      expect(await h.store.users.getTokenVersion(user.uid, 2)).toBe(1);
    });

    it('lists the devices of a user that have a token version, and only that user\'s', async () => {
      const user = await h.store.users.create({ account: uniqueName('devs'), passwordHash: 'x' });
      const other = await h.store.users.create({ account: uniqueName('devs2'), passwordHash: 'x' });
      expect(await h.store.users.listTokenDevices(user.uid)).toEqual([]);
      for (const device of [5, 1, 2, 1]) await h.store.users.bumpTokenVersion(user.uid, device);
      await h.store.users.bumpTokenVersion(other.uid, 3);
      expect(await h.store.users.listTokenDevices(user.uid)).toEqual([1, 2, 5]);
    });

    it('keeps an account name of 128 characters (the longest e-mail registration accepts)', async () => {
      const email = `${uniqueName('long').padEnd(64, 'a')}@${'b'.repeat(58)}.test`;
      expect(email).toHaveLength(128);
      const user = await h.store.users.create({ account: email, email, passwordHash: 'x' });
      expect((await h.store.users.getByAccount(email))?.uid).toBe(user.uid);
    });

    it('gives concurrent token bumps distinct versions', async () => {
      const user = await h.store.users.create({ account: uniqueName('race'), passwordHash: 'x' });
      const versions = await Promise.all(Array.from({ length: 8 }, () => h.store.users.bumpTokenVersion(user.uid, 5)));
      expect([...versions].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(await h.store.users.getTokenVersion(user.uid, 5)).toBe(8);
    });
    it('imports users in bulk, across insert chunks, in input order, with token version 1 when asked', async () => {
      const before = await h.store.users.create({ account: uniqueName('pre'), passwordHash: 'x' });
      const input = Array.from({ length: 1203 }, (_, i) => ({ account: uniqueName(`imp${i}`), passwordHash: '$argon2id$same', nickname: `n${i}` }));
      const imported = await h.store.users.importMany(input, { tokenDevice: 2 });
      expect(imported.map((u) => u.account)).toEqual(input.map((u) => u.account));
      expect(new Set(imported.map((u) => u.uid)).size).toBe(input.length);
      expect(Math.min(...imported.map((u) => u.uid))).toBeGreaterThan(before.uid);
      const last = imported[imported.length - 1]!;
      expect(await h.store.users.getByAccount(last.account)).toEqual(last);
      expect(last).toMatchObject({ passwordHash: '$argon2id$same', nickname: 'n1202', email: null, createdAt: h.clock.now() });
      expect(await h.store.users.getTokenVersion(last.uid, 2)).toBe(1);
      expect(await h.store.users.bumpTokenVersion(last.uid, 2)).toBe(2);
      expect(await h.store.users.importMany([])).toEqual([]);
    });

    it('imports all or nothing: a taken or repeated account rolls the whole import back', async () => {
      const taken = await h.store.users.create({ account: uniqueName('taken'), passwordHash: 'x' });
      const fresh = uniqueName('fresh');
      await expect(h.store.users.importMany([{ account: fresh, passwordHash: 'x' }, { account: taken.account, passwordHash: 'x' }])).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
      await expect(h.store.users.importMany([{ account: fresh, passwordHash: 'x' }, { account: fresh, passwordHash: 'y' }])).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
      expect(await h.store.users.getByAccount(fresh)).toBeUndefined();
    });
  });
}
