import { describe, expect, it } from 'vitest';
import { failoverOrder, placeUsers, profileFromArgs, PROFILES } from './plan.js';

describe('placeUsers', () => {
  const placement = placeUsers({ users: 40, nodes: 3, groups: 3, membersPerGroup: 8, postersPerGroup: 3 });

  it('puts the two users of every pair on different nodes, and users on every node', () => {
    expect(placement.pairs).toHaveLength(20);
    for (const [a, b] of placement.pairs) expect(placement.homes[a]).not.toBe(placement.homes[b]);
    expect(new Set(placement.homes)).toEqual(new Set([0, 1, 2]));
  });

  it('gives every group members on every node, disjoint from the other groups, and posters on every node', () => {
    const seen = new Set<number>();
    for (const group of placement.groups) {
      expect(group.members).toHaveLength(8);
      expect(new Set(group.members.map((u) => placement.homes[u]))).toEqual(new Set([0, 1, 2]));
      expect(new Set(group.posters.map((u) => placement.homes[u]))).toEqual(new Set([0, 1, 2]));
      expect(group.members).toEqual(expect.arrayContaining(group.posters));
      for (const member of group.members) {
        expect(seen.has(member)).toBe(false);
        seen.add(member);
      }
    }
  });

  it('refuses what it cannot place', () => {
    expect(() => placeUsers({ users: 7, nodes: 3, groups: 1, membersPerGroup: 2, postersPerGroup: 1 })).toThrow();
    expect(() => placeUsers({ users: 8, nodes: 3, groups: 3, membersPerGroup: 4, postersPerGroup: 1 })).toThrow();
  });
});

describe('failoverOrder', () => {
  it('starts at home and visits every node once, even and odd users in opposite directions', () => {
    expect(failoverOrder(0, 1, 3)).toEqual([1, 2, 0]);
    expect(failoverOrder(1, 1, 3)).toEqual([1, 0, 2]);
  });
});

describe('profileFromArgs', () => {
  it('is long by default, short with --short, and refuses anything else', () => {
    expect(profileFromArgs([])).toBe(PROFILES.long);
    expect(profileFromArgs(['--short'])).toBe(PROFILES.short);
    expect(() => profileFromArgs(['--shrt'])).toThrow(/unknown argument/);
  });

  it('has every kind of fault in both profiles', () => {
    for (const profile of Object.values(PROFILES)) expect(new Set(profile.faults.map((f) => f.kind))).toEqual(new Set(['kill-node', 'restart-postgres', 'kill-nats-server', 'restart-nats']));
  });
});
