import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/index.js';
import { ConnectionAdmission, REFUSALS, type AddressPolicy, type AdmissionResult } from './admission.js';

/** Trusts 10.0.0.1; buckets everything else by the first three octets, like a coarse /64. */
const policy: AddressPolicy = {
  isTrusted: (ip) => ip === '10.0.0.1',
  bucketOf: (ip) => ip.split('.').slice(0, 3).join('.'),
};

function setup(limits: Partial<{ maxConnections: number; maxConnectionsPerIp: number; connectionsPerIpPerSecond: number; acceptsPerSecond: number }> = {}) {
  const clock = new ManualClock();
  const admission = new ConnectionAdmission({ maxConnections: 1_000, maxConnectionsPerIp: 1_000, connectionsPerIpPerSecond: 1_000, acceptsPerSecond: 10_000, ...limits }, policy, clock);
  return { clock, admission };
}

function released(result: AdmissionResult): () => void {
  if (!result.isAdmitted) throw new Error(`refused: ${result.refusal.label}`);
  return result.release;
}

describe('ConnectionAdmission', () => {
  it('refuses beyond maxConnections, trusted addresses included, until one is released', () => {
    const { admission } = setup({ maxConnections: 2 });
    const release = released(admission.admit('10.0.0.1'));
    released(admission.admit('192.0.2.1'));
    expect(admission.admit('10.0.0.1')).toEqual({ isAdmitted: false, refusal: REFUSALS.NODE_FULL });
    release();
    release();
    expect(admission.size).toBe(1);
    expect(admission.admit('10.0.0.1').isAdmitted).toBe(true);
  });

  it('counts open sockets per bucket, so addresses of one bucket share the limit', () => {
    const { admission } = setup({ maxConnectionsPerIp: 2 });
    const release = released(admission.admit('192.0.2.1'));
    released(admission.admit('192.0.2.2'));
    expect(admission.admit('192.0.2.3')).toEqual({ isAdmitted: false, refusal: REFUSALS.IP_CONNECTIONS });
    expect(admission.admit('198.51.100.1').isAdmitted).toBe(true);
    release();
    expect(admission.admit('192.0.2.3').isAdmitted).toBe(true);
  });

  it('refills the rate bucket with time, up to one second of burst', () => {
    const { clock, admission } = setup({ connectionsPerIpPerSecond: 4 });
    for (let i = 0; i < 4; i++) released(admission.admit('192.0.2.1'))();
    expect(admission.admit('192.0.2.1')).toEqual({ isAdmitted: false, refusal: REFUSALS.IP_RATE });
    clock.advance(250);
    released(admission.admit('192.0.2.1'))();
    expect(admission.admit('192.0.2.1').isAdmitted).toBe(false);
    clock.advance(60_000);
    for (let i = 0; i < 4; i++) released(admission.admit('192.0.2.1'))();
    expect(admission.admit('192.0.2.1').isAdmitted).toBe(false);
  });

  it('exempts trusted addresses from the per-address limits', () => {
    const { admission } = setup({ maxConnectionsPerIp: 1, connectionsPerIpPerSecond: 1 });
    for (let i = 0; i < 10; i++) released(admission.admit('10.0.0.1'));
    expect(admission.trackedAddresses).toBe(0);
  });

  it('prunes only buckets with no open socket and a full bucket', () => {
    const { clock, admission } = setup({ connectionsPerIpPerSecond: 10 });
    released(admission.admit('192.0.2.1'));
    released(admission.admit('198.51.100.1'))();
    admission.prune();
    expect(admission.trackedAddresses).toBe(2);
    clock.advance(1_000);
    admission.prune();
    expect(admission.trackedAddresses).toBe(1);
  });

  it('spreads a storm over time with the node-wide rate, trusted addresses included, refused sockets costing nothing', () => {
    const { clock, admission } = setup({ acceptsPerSecond: 3, connectionsPerIpPerSecond: 1 });
    for (let i = 0; i < 3; i++) released(admission.admit('10.0.0.1'));
    expect(admission.admit('10.0.0.1')).toEqual({ isAdmitted: false, refusal: REFUSALS.NODE_RATE, retryAfterMs: 1_000 });
    // Refused by its own address's rate first: the node's tokens stay.
    clock.advance(1_000);
    released(admission.admit('192.0.2.1'));
    expect(admission.admit('192.0.2.1')).toEqual({ isAdmitted: false, refusal: REFUSALS.IP_RATE });
    released(admission.admit('10.0.0.1'));
    released(admission.admit('10.0.0.1'));
    expect(admission.admit('10.0.0.1')).toEqual({ isAdmitted: false, refusal: REFUSALS.NODE_RATE, retryAfterMs: 1_000 });
    expect(admission.size).toBe(6);
    clock.advance(334);
    expect(admission.admit('10.0.0.1').isAdmitted).toBe(true);
  });
});
