import { GlideError, LruCache, WindowCounter, type Clock } from '../core/index.js';
import { createAddressMatcher, ipThrottleKey } from './ip-address.js';

/** Default cap on tracked entries of each kind; about 100 bytes an entry. */
export const SIGNIN_THROTTLE_MAX_ENTRIES = 100_000;
/** Longer account keys cannot exist; truncating keeps a flood of huge names from using memory. */
const MAX_ACCOUNT_KEY_CHARS = 256;
/** Addresses remembered per account as having signed in to it (each a bucket: an IPv4 address or an IPv6 /64). */
const KNOWN_ADDRESSES_PER_ACCOUNT = 8;

export interface SigninThrottleOptions {
  clock: Clock;
  /** Failures allowed per (account, address) and per address within a window; the next attempt is refused. */
  maxFailures: number;
  /** Failures of one account from all addresses; beyond it only trusted addresses and addresses that signed in to it before may try. */
  accountMaxFailures: number;
  windowSec: number;
  /** Addresses and CIDR ranges exempt from the per-address limit and the account ceiling (not from the per-(account, address) one). */
  trustedAddresses: readonly string[];
  maxEntries?: number;
}

/** AUTH_THROTTLED with the wait, for a `Retry-After` header. */
export class SigninThrottledError extends GlideError {
  readonly retryAfterSec: number;

  constructor(retryAfterSec: number) {
    super('AUTH_THROTTLED', `retry in ${retryAfterSec} s`);
    this.retryAfterSec = retryAfterSec;
  }
}

/**
 * Counts failed sign-ins per (account, address), per address, and per account (addresses are counted as
 * IPv4 addresses or IPv6 /64s). Call `retryAfter` before verifying the password, then `recordFailure` or
 * `recordSuccess`. A window opens at the first failure and lasts `windowSec`.
 * - (account, address) over `maxFailures`: that address waits for that account. A guesser elsewhere
 *   never blocks the owner's address.
 * - address over `maxFailures` (untrusted only): it waits for every account (password spraying).
 * - account over `accountMaxFailures` (a distributed guess): only addresses that signed in to the
 *   account before, and trusted ones, may still try, so the owner keeps access from a known place.
 * `account` is the key the caller resolved (the uid when the account exists, so its name and its e-mail
 * count as one). In memory; in a cluster each account is counted on the node owning its key.
 */
export class SigninThrottle {
  private readonly pairs: WindowCounter;
  private readonly addresses: WindowCounter;
  private readonly accounts: WindowCounter;
  private readonly known: LruCache<string, Set<string>>;
  private readonly isTrusted: (ip: string) => boolean;

  constructor(private readonly options: SigninThrottleOptions) {
    const maxEntries = options.maxEntries ?? SIGNIN_THROTTLE_MAX_ENTRIES;
    const windowMs = options.windowSec * 1000;
    this.pairs = new WindowCounter(options.clock, windowMs, maxEntries);
    this.addresses = new WindowCounter(options.clock, windowMs, maxEntries);
    this.accounts = new WindowCounter(options.clock, windowMs, maxEntries);
    this.known = new LruCache(maxEntries);
    this.isTrusted = createAddressMatcher(options.trustedAddresses);
  }

  /** Throws SigninThrottledError (AUTH_THROTTLED) while this address may not try this account. */
  check(account: string, ip: string): void {
    const retryAfterSec = this.retryAfter(account, ip);
    if (retryAfterSec !== undefined) throw new SigninThrottledError(retryAfterSec);
  }

  /** Seconds until this address may try this account again; undefined when it may now. */
  retryAfter(account: string, ip: string): number | undefined {
    const { maxFailures, accountMaxFailures, clock } = this.options;
    const key = accountKey(account);
    const bucket = ipThrottleKey(ip);
    const isTrusted = this.isTrusted(ip);
    let blockedUntil = 0;
    const over = (window: { count: number; resetAt: number } | undefined, limit: number): void => {
      if (window && window.count >= limit) blockedUntil = Math.max(blockedUntil, window.resetAt);
    };
    over(this.pairs.live(pairKey(key, bucket)), maxFailures);
    if (!isTrusted) over(this.addresses.live(bucket), maxFailures);
    if (!isTrusted && this.known.get(key)?.has(bucket) !== true) over(this.accounts.live(key), accountMaxFailures);
    const now = clock.now();
    return blockedUntil > now ? Math.ceil((blockedUntil - now) / 1000) : undefined;
  }

  recordFailure(account: string, ip: string): void {
    const key = accountKey(account);
    const bucket = ipThrottleKey(ip);
    this.pairs.add(pairKey(key, bucket));
    this.accounts.add(key);
    if (!this.isTrusted(ip)) this.addresses.add(bucket);
  }

  /**
   * Clears this (account, address) and remembers the address as the account's. The address's own count
   * and the account's ceiling stay, or one good account would unlock guessing at others.
   */
  recordSuccess(account: string, ip: string): void {
    const key = accountKey(account);
    const bucket = ipThrottleKey(ip);
    this.pairs.clear(pairKey(key, bucket));
    const known = this.known.get(key) ?? new Set<string>();
    known.delete(bucket);
    known.add(bucket);
    if (known.size > KNOWN_ADDRESSES_PER_ACCOUNT) known.delete(known.values().next().value as string);
    this.known.set(key, known);
  }

  /** Tracked entries, for metrics and tests. */
  get size(): { accounts: number; addresses: number; pairs: number } {
    return { accounts: this.accounts.size, addresses: this.addresses.size, pairs: this.pairs.size };
  }
}

function accountKey(account: string): string {
  return account.slice(0, MAX_ACCOUNT_KEY_CHARS);
}

function pairKey(account: string, bucket: string): string {
  return `${account}\u0000${bucket}`;
}
