import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/index.js';
import { createAddressMatcher, ipThrottleKey, normalizeIp } from './ip-address.js';
import { SigninThrottle, SigninThrottledError } from './signin-throttle.js';

const LOOPBACK = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

function setup(options: { maxFailures?: number; accountMaxFailures?: number; trusted?: string[]; maxEntries?: number } = {}) {
  const clock = new ManualClock();
  const throttle = new SigninThrottle({
    clock,
    maxFailures: options.maxFailures ?? 3,
    accountMaxFailures: options.accountMaxFailures ?? 10,
    windowSec: 60,
    trustedAddresses: options.trusted ?? LOOPBACK,
    ...(options.maxEntries === undefined ? {} : { maxEntries: options.maxEntries }),
  });
  return { clock, throttle };
}

function fail(throttle: SigninThrottle, account: string, ip: string, times: number): void {
  for (let i = 0; i < times; i++) throttle.recordFailure(account, ip);
}

describe('SigninThrottle', () => {
  it('refuses an (account, address) after the allowed failures, with the wait, and no other address', () => {
    const { clock, throttle } = setup();
    fail(throttle, 'alice', '10.0.0.1', 2);
    expect(() => throttle.check('alice', '10.0.0.1')).not.toThrow();
    clock.advance(15_500);
    throttle.recordFailure('alice', '10.0.0.1');
    let caught: unknown;
    try {
      throttle.check('alice', '10.0.0.1');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SigninThrottledError);
    expect(caught).toMatchObject({ code: 'AUTH_THROTTLED', status: 429, retryable: true, retryAfterSec: 45 });
    expect(() => throttle.check('alice', '10.0.0.9')).not.toThrow();
    expect(() => throttle.check('bob', '10.0.0.8')).not.toThrow();
  });

  it('refuses an address that fails on many accounts', () => {
    const { throttle } = setup();
    throttle.recordFailure('a', '203.0.113.5');
    throttle.recordFailure('b', '203.0.113.5');
    throttle.recordFailure('c', '203.0.113.5');
    expect(() => throttle.check('d', '203.0.113.5')).toThrow(SigninThrottledError);
    expect(() => throttle.check('d', '203.0.113.6')).not.toThrow();
  });

  it('past the account ceiling, refuses new addresses but not the ones that signed in before, nor trusted ones', () => {
    const { throttle } = setup({ accountMaxFailures: 6 });
    throttle.recordSuccess('alice', '192.0.2.10');
    for (let i = 1; i <= 6; i++) throttle.recordFailure('alice', `198.51.100.${i}`);
    expect(() => throttle.check('alice', '198.51.100.200')).toThrow(SigninThrottledError);
    expect(() => throttle.check('alice', '192.0.2.10')).not.toThrow();
    expect(() => throttle.check('alice', '127.0.0.1')).not.toThrow();
    expect(() => throttle.check('bob', '198.51.100.200')).not.toThrow();
  });

  it('counts an IPv6 client per /64 and an IPv4-mapped address as IPv4', () => {
    const { throttle } = setup();
    throttle.recordFailure('a', '2001:db8:1:2::1');
    throttle.recordFailure('b', '2001:db8:1:2:ffff::9');
    throttle.recordFailure('c', '::ffff:198.51.100.7');
    throttle.recordFailure('d', '198.51.100.7');
    throttle.recordFailure('e', '198.51.100.7');
    expect(() => throttle.check('x', '2001:db8:1:2:abcd::1')).not.toThrow();
    throttle.recordFailure('f', '2001:0db8:0001:0002::7');
    expect(() => throttle.check('x', '2001:db8:1:2:abcd::1')).toThrow(SigninThrottledError);
    expect(() => throttle.check('x', '2001:db8:1:3::1')).not.toThrow();
    expect(() => throttle.check('x', '198.51.100.7')).toThrow(SigninThrottledError);
  });

  it('exempts trusted addresses, loopback in every form, from the per-address limit, not from the (account, address) one', () => {
    const { throttle } = setup({ trusted: [...LOOPBACK, '10.8.0.0/16'] });
    for (const ip of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.8.3.4']) {
      fail(throttle, `user-${ip}-1`, ip, 2);
      fail(throttle, `user-${ip}-2`, ip, 2);
      expect(() => throttle.check(`user-${ip}-3`, ip)).not.toThrow();
    }
    fail(throttle, 'carol', '127.0.0.1', 3);
    expect(() => throttle.check('carol', '127.0.0.1')).toThrow(SigninThrottledError);
    expect(throttle.size.addresses).toBe(0);
  });

  it('allows sign-ins again when the window closes', () => {
    const { clock, throttle } = setup();
    fail(throttle, 'alice', '10.0.0.1', 3);
    clock.advance(59_999);
    expect(() => throttle.check('alice', '10.0.0.1')).toThrow(SigninThrottledError);
    clock.advance(1);
    expect(() => throttle.check('alice', '10.0.0.1')).not.toThrow();
    throttle.recordFailure('alice', '10.0.0.1');
    expect(() => throttle.check('alice', '10.0.0.1')).not.toThrow();
  });

  it('clears the (account, address) on success, not the address', () => {
    const { throttle } = setup();
    fail(throttle, 'alice', '10.0.0.1', 2);
    throttle.recordSuccess('alice', '10.0.0.1');
    fail(throttle, 'alice', '10.0.0.1', 2);
    expect(() => throttle.check('alice', '10.0.0.1')).toThrow(SigninThrottledError);
    expect(() => throttle.check('carol', '10.0.0.1')).toThrow(SigninThrottledError);
  });

  it('stays within its entry cap and evicts expired entries first', () => {
    const { clock, throttle } = setup({ maxEntries: 100 });
    for (let i = 0; i < 1000; i++) throttle.recordFailure(`user${i}`, `10.1.${i >> 8}.${i & 255}`);
    expect(throttle.size).toEqual({ accounts: 100, addresses: 100, pairs: 100 });
    // The newest entries survive a flood.
    fail(throttle, 'user999', '10.1.3.231', 2);
    expect(() => throttle.check('user999', '10.1.3.231')).toThrow(SigninThrottledError);
    clock.advance(60_000);
    throttle.recordFailure('late', '10.9.9.9');
    expect(throttle.size).toEqual({ accounts: 1, addresses: 1, pairs: 1 });
  });

  it('rejects a bad trusted address entry at construction', () => {
    expect(() => setup({ trusted: ['localhost'] })).toThrow(/trustedAddresses/);
    expect(() => setup({ trusted: ['10.0.0.0/33'] })).toThrow(/trustedAddresses/);
  });
});

describe('ip-address helpers', () => {
  it('normalizes mapped IPv4, zones and case', () => {
    expect(normalizeIp('::FFFF:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeIp('fe80::1%eth0')).toBe('fe80::1');
    expect(normalizeIp('2001:DB8::1')).toBe('2001:db8::1');
  });

  it('keys IPv6 by /64 whatever the spelling', () => {
    expect(ipThrottleKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(ipThrottleKey('2001:0DB8:0000:0000:1::')).toBe('2001:db8:0:0::/64');
    expect(ipThrottleKey('::1')).toBe('0:0:0:0::/64');
    expect(ipThrottleKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(ipThrottleKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
    expect(ipThrottleKey('')).toBe('other:');
  });

  it('matches addresses and CIDR ranges of both families', () => {
    const isTrusted = createAddressMatcher(['127.0.0.1', '::1', '192.168.0.0/16', 'fd00::/8']);
    expect(isTrusted('::ffff:127.0.0.1')).toBe(true);
    expect(isTrusted('192.168.44.1')).toBe(true);
    expect(isTrusted('fd12::3')).toBe(true);
    expect(isTrusted('127.0.0.2')).toBe(false);
    expect(isTrusted('not an ip')).toBe(false);
  });
});
