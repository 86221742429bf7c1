import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/index.js';
import { silentLogger } from '../log/index.js';
import { decodeHeartbeat, encodeHeartbeat, Membership, membershipTiming } from './membership.js';
import type { MembershipEvent } from './types.js';

const log = silentLogger();

function make(): { clock: ManualClock; membership: Membership; events: string[] } {
  const clock = new ManualClock();
  const membership = new Membership({ node: 1, incarnation: 'me', leaseMs: 1_000 }, clock, log);
  const events: string[] = [];
  membership.onChange((e: MembershipEvent) => events.push(`${e.kind}:${e.node}:[${e.members.join(',')}]`));
  return { clock, membership, events };
}

describe('Membership', () => {
  it('joins a node on its first heartbeat and keeps it while heartbeats come within the lease', () => {
    const { clock, membership, events } = make();
    expect(membership.heartbeat({ node: 2, incarnation: 'b', leaseMs: 1_000 })).toBe('new');
    for (let i = 0; i < 10; i++) {
      clock.advance(900);
      membership.expire();
      expect(membership.heartbeat({ node: 2, incarnation: 'b', leaseMs: 1_000 })).toBe('known');
    }
    expect(events).toEqual(['join:2:[1,2]']);
  });

  it('drops a node whose lease ran out, measured from the last heartbeat on this clock', () => {
    const { clock, membership, events } = make();
    membership.heartbeat({ node: 3, incarnation: 'c', leaseMs: 500 });
    clock.advance(499);
    membership.expire();
    expect(membership.members()).toEqual([1, 3]);
    clock.advance(1);
    membership.expire();
    expect(membership.members()).toEqual([1]);
    expect(events).toEqual(['join:3:[1,3]', 'leave:3:[1]']);
  });

  it('expires nobody while paused and gives everyone a fresh lease on resume', () => {
    const { clock, membership, events } = make();
    membership.heartbeat({ node: 2, incarnation: 'b', leaseMs: 1_000 });
    membership.pause();
    clock.advance(10_000);
    membership.expire();
    membership.resume();
    clock.advance(999);
    membership.expire();
    expect(membership.members()).toEqual([1, 2]);
    clock.advance(1);
    membership.expire();
    expect(events).toEqual(['join:2:[1,2]', 'leave:2:[1]']);
  });

  it('takes a new incarnation as a restart and ignores a stale leave', () => {
    const { membership, events } = make();
    membership.heartbeat({ node: 2, incarnation: 'old', leaseMs: 1_000 });
    expect(membership.heartbeat({ node: 2, incarnation: 'new', leaseMs: 1_000 })).toBe('new');
    membership.leave(2, 'old');
    expect(membership.members()).toEqual([1, 2]);
    membership.leave(2, 'new');
    expect(events).toEqual(['join:2:[1,2]', 'leave:2:[1]', 'join:2:[1,2]', 'leave:2:[1]']);
  });

  it('tells its own echo from another process using its id', () => {
    const { membership } = make();
    expect(membership.heartbeat({ node: 1, incarnation: 'me', leaseMs: 1_000 })).toBe('self');
    expect(membership.heartbeat({ node: 1, incarnation: 'twin', leaseMs: 1_000 })).toBe('conflict');
    expect(membership.members()).toEqual([1]);
  });

  it('keeps going when a listener throws', () => {
    const { membership, events } = make();
    membership.onChange(() => {
      throw new Error('listener bug');
    });
    membership.heartbeat({ node: 2, incarnation: 'b', leaseMs: 1_000 });
    expect(events).toEqual(['join:2:[1,2]']);
  });
});

describe('heartbeat encoding', () => {
  it('round-trips and ignores anything else', () => {
    const hb = { node: 7, incarnation: 'x', leaseMs: 4_000 };
    expect(decodeHeartbeat(encodeHeartbeat(hb))).toEqual(hb);
    expect(decodeHeartbeat(new TextEncoder().encode('garbage'))).toBeUndefined();
    expect(decodeHeartbeat(new TextEncoder().encode('{"n":1,"i":"x","l":0}'))).toBeUndefined();
  });

  it('refuses a lease that does not cover two heartbeats', () => {
    expect(() => membershipTiming({ nodeId: 1, heartbeatIntervalMs: 100, leaseMs: 200 })).toThrow(/two heartbeat/);
    expect(() => membershipTiming({ nodeId: -1 })).toThrow(/non-negative/);
    expect(membershipTiming({ nodeId: 0 })).toEqual({ heartbeatIntervalMs: 1_000, leaseMs: 4_000 });
  });
});
