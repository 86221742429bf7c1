import { describe, expect, it } from 'vitest';
import { FIRST_GID, GROUP_ROLE } from '../../../src/store/index.js';
import { groupMessage, nextUid } from '../../helpers/store-fixtures.js';
import type { StoreHandle } from './handle.js';

const UNKNOWN_GID = 2 ** 31 - 5;

export function groupContract(h: StoreHandle): void {
  describe('groups', () => {
    it('creates a group with its owner and members in one go', async () => {
      const [owner, m1, m2] = [nextUid(), nextUid(), nextUid()];
      const at = h.clock.now();
      const { group, members } = await h.store.groups.create({ name: 'Team 🚀', ownerUid: owner, memberUids: [m2, m1, owner, m2] });
      // Gids start at FIRST_GID (002_gid_range), so they never equal a uid.
      expect(group.gid).toBeGreaterThanOrEqual(FIRST_GID);
      expect(group).toEqual({
        gid: group.gid, name: 'Team 🚀', avatar: '', ownerUid: owner, isMuted: false, isDissolved: false,
        allowHistory: true, lastSeq: 0, createdAt: at, updatedAt: at,
      });
      expect(members.map((m) => [m.uid, m.role])).toEqual([
        [owner, GROUP_ROLE.owner],
        [Math.min(m1, m2), GROUP_ROLE.member],
        [Math.max(m1, m2), GROUP_ROLE.member],
      ]);
      expect(members[1]).toEqual({ gid: group.gid, uid: Math.min(m1, m2), role: GROUP_ROLE.member, isMuted: false, remark: '', joinedSeq: 0, deliveredSeq: 0, readSeq: 0, joinedAt: at });
      expect(await h.store.groups.get(group.gid)).toEqual(group);
      expect(await h.store.groups.listMembers(group.gid)).toEqual(members);
    });

    it('gets many groups by gid and returns undefined for an unknown one', async () => {
      const owner = nextUid();
      const g1 = (await h.store.groups.create({ name: 'g1', ownerUid: owner, allowHistory: false })).group;
      const g2 = (await h.store.groups.create({ name: 'g2', ownerUid: owner })).group;
      expect(g1.allowHistory).toBe(false);
      expect((await h.store.groups.getMany([g2.gid, UNKNOWN_GID, g1.gid, g2.gid])).map((g) => g.gid)).toEqual([g1.gid, g2.gid]);
      expect(await h.store.groups.getMany([])).toEqual([]);
      expect(await h.store.groups.get(UNKNOWN_GID)).toBeUndefined();
      expect(await h.store.groups.listGroupsOf(owner)).toEqual([g1.gid, g2.gid]);
    });

    it('lists groups page by page in gid order, dissolved ones too', async () => {
      const owner = nextUid();
      const g1 = (await h.store.groups.create({ name: 'l1', ownerUid: owner })).group;
      const g2 = (await h.store.groups.create({ name: 'l2', ownerUid: owner })).group;
      await h.store.groups.dissolve(g2.gid);
      expect((await h.store.groups.list(g1.gid - 1, 1)).map((g) => g.gid)).toEqual([g1.gid]);
      expect(await h.store.groups.list(g1.gid, 10)).toEqual([await h.store.groups.get(g2.gid)]);
    });

    it('updates the given fields, or reports STORE_NOT_FOUND', async () => {
      const { group } = await h.store.groups.create({ name: 'old', ownerUid: nextUid() });
      h.clock.advance(7);
      const updated = await h.store.groups.update(group.gid, { name: 'new', isMuted: true, allowHistory: false });
      expect(updated).toEqual({ ...group, name: 'new', isMuted: true, allowHistory: false, updatedAt: group.updatedAt + 7 });
      expect(await h.store.groups.update(group.gid, { avatar: 'x.png' })).toMatchObject({ name: 'new', avatar: 'x.png', isMuted: true });
      expect(await h.store.groups.update(group.gid, { ownerUid: group.ownerUid + 1 })).toMatchObject({ ownerUid: group.ownerUid + 1, name: 'new' });
      await expect(h.store.groups.update(UNKNOWN_GID, { name: 'x' })).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
    });

    it('dissolves once and keeps the rows', async () => {
      const { group } = await h.store.groups.create({ name: 'bye', ownerUid: nextUid() });
      expect(await h.store.groups.dissolve(group.gid)).toBe(true);
      expect(await h.store.groups.dissolve(group.gid)).toBe(false);
      expect((await h.store.groups.get(group.gid))?.isDissolved).toBe(true);
      expect(await h.store.groups.listMembers(group.gid)).toHaveLength(1);
      await expect(h.store.groups.dissolve(UNKNOWN_GID)).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
    });

    it('adds only new members, joining at the current lastSeq unless told', async () => {
      const owner = nextUid();
      const { group } = await h.store.groups.create({ name: 'join', ownerUid: owner });
      await h.store.groupMessages.appendBatch([groupMessage(group.gid, 1, owner), groupMessage(group.gid, 2, owner)]);
      const [a, b, c] = [nextUid(), nextUid(), nextUid()];
      expect(await h.store.groups.addMembers(group.gid, [b, a, owner, a])).toEqual([a, b].sort((x, y) => x - y));
      expect(await h.store.groups.getMember(group.gid, a)).toMatchObject({ role: GROUP_ROLE.member, joinedSeq: 2, deliveredSeq: 2, readSeq: 2 });
      expect(await h.store.groups.addMembers(group.gid, [c], { role: GROUP_ROLE.admin, joinedSeq: 0 })).toEqual([c]);
      expect(await h.store.groups.getMember(group.gid, c)).toMatchObject({ role: GROUP_ROLE.admin, joinedSeq: 0 });
      expect(await h.store.groups.addMembers(group.gid, [])).toEqual([]);
      expect(await h.store.groups.getMember(group.gid, owner)).toMatchObject({ role: GROUP_ROLE.owner });
      await expect(h.store.groups.addMembers(UNKNOWN_GID, [a])).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
      expect(await h.store.groups.listGroupsOf(a)).toEqual([group.gid]);
    });

    it('removes members and reports which were members', async () => {
      const [owner, a] = [nextUid(), nextUid()];
      const { group } = await h.store.groups.create({ name: 'rm', ownerUid: owner, memberUids: [a] });
      expect(await h.store.groups.removeMembers(group.gid, [a, nextUid(), a])).toEqual([a]);
      expect(await h.store.groups.removeMembers(group.gid, [a])).toEqual([]);
      expect(await h.store.groups.getMember(group.gid, a)).toBeUndefined();
      expect(await h.store.groups.listGroupsOf(a)).toEqual([]);
    });

    it('sets role, mute and remark of a member, or reports STORE_NOT_FOUND', async () => {
      const [owner, a] = [nextUid(), nextUid()];
      const { group } = await h.store.groups.create({ name: 'roles', ownerUid: owner, memberUids: [a] });
      await h.store.groups.setRole(group.gid, a, GROUP_ROLE.admin);
      await h.store.groups.setMemberMute(group.gid, a, true);
      await h.store.groups.setMemberRemark(group.gid, a, 'the admin');
      expect(await h.store.groups.getMember(group.gid, a)).toMatchObject({ role: GROUP_ROLE.admin, isMuted: true, remark: 'the admin' });
      await h.store.groups.setMemberMute(group.gid, a, false);
      expect((await h.store.groups.getMember(group.gid, a))?.isMuted).toBe(false);
      const stranger = nextUid();
      await expect(h.store.groups.setRole(group.gid, stranger, GROUP_ROLE.admin)).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
      await expect(h.store.groups.setMemberMute(group.gid, stranger, true)).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
      await expect(h.store.groups.setMemberRemark(group.gid, stranger, 'x')).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
    });

    it('moves member cursors forward only', async () => {
      const owner = nextUid();
      const { group } = await h.store.groups.create({ name: 'cursor', ownerUid: owner });
      expect(await h.store.groups.advanceCursors(group.gid, owner, { deliveredSeq: 5, readSeq: 3 })).toBe(true);
      expect(await h.store.groups.advanceCursors(group.gid, owner, { deliveredSeq: 4, readSeq: 4 })).toBe(true);
      expect(await h.store.groups.getMember(group.gid, owner)).toMatchObject({ deliveredSeq: 5, readSeq: 4 });
      expect(await h.store.groups.advanceCursors(group.gid, owner, {})).toBe(true);
      expect(await h.store.groups.advanceCursors(group.gid, nextUid(), { readSeq: 1 })).toBe(false);
    });

    it('moves many delivered cursors forward only, in one call, skipping non-members', async () => {
      const [owner, a, b] = [nextUid(), nextUid(), nextUid()];
      const { group } = await h.store.groups.create({ name: 'cursors', ownerUid: owner, memberUids: [a, b] });
      await h.store.groups.advanceCursors(group.gid, b, { deliveredSeq: 9, readSeq: 2 });
      await h.store.groups.advanceDelivered([
        { gid: group.gid, uid: owner, seq: 4 },
        { gid: group.gid, uid: a, seq: 7 },
        { gid: group.gid, uid: b, seq: 8 },
        { gid: group.gid, uid: nextUid(), seq: 3 },
      ]);
      await h.store.groups.advanceDelivered([]);
      const members = new Map((await h.store.groups.listMembers(group.gid)).map((m) => [m.uid, m]));
      expect([owner, a, b].map((uid) => [members.get(uid)?.deliveredSeq, members.get(uid)?.readSeq])).toEqual([
        [4, 0],
        [7, 0],
        [9, 2],
      ]);
      expect(members.size).toBe(3);
    });

    it('moves a big round of delivered cursors (two groups, several seqs, more members than one statement takes)', async () => {
      const owner = nextUid();
      const many = Array.from({ length: 1_200 }, () => nextUid());
      const { group: big } = await h.store.groups.create({ name: 'big', ownerUid: owner, memberUids: many });
      const { group: small } = await h.store.groups.create({ name: 'small', ownerUid: owner, memberUids: many.slice(0, 2) });
      await h.store.groups.advanceCursors(big.gid, many[1]!, { deliveredSeq: 50 });
      await h.store.groups.advanceDelivered([
        ...many.map((uid, i) => ({ gid: big.gid, uid, seq: i % 3 === 0 ? 40 : 41 })),
        { gid: small.gid, uid: many[0]!, seq: 2 },
        { gid: big.gid, uid: owner, seq: 41 },
      ]);
      const bigSeqs = new Map((await h.store.groups.listMembers(big.gid)).map((m) => [m.uid, m.deliveredSeq]));
      expect(many.map((uid) => bigSeqs.get(uid))).toEqual(many.map((_, i) => (i === 1 ? 50 : i % 3 === 0 ? 40 : 41)));
      expect(bigSeqs.get(owner)).toBe(41);
      const smallSeqs = (await h.store.groups.listMembers(small.gid)).map((m) => [m.uid, m.deliveredSeq]);
      expect(smallSeqs).toEqual([[owner, 0], [many[0]!, 2], [many[1]!, 0]].sort((x, y) => x[0]! - y[0]!));
    });
  });
}
