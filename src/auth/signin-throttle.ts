import { GlideError, type Clock } from '../core/index.js';
import { createAddressMatcher, ipThrottleKey } from './ip-address.js';

/** Default cap on tracked accounts and on tracked addresses (each); about 100 bytes an entry. */
export const SIGNIN_THROTTLE_MAX_ENTRIES = 100_000;
/** Longer account names cannot exist; truncating keeps a flood of huge names from using memory. */
const MAX_ACCOUNT_KEY_CHARS = 256;

export interface SigninThrottleOptions {
  clock: Clock;
  /** Failures allowed per account and per address within a window; the next attempt is refused. */
  maxFailures: number;
  windowSec: number;
  /** Addresses and CIDR ranges exempt from the per-address limit (not from the per-account one). */
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
 * Counts failed sign-ins per account and per client address (IPv6 per /64). Call `check` before
 * verifying the password, then `recordFailure` or `recordSuccess`. A window opens at the first
 * failure and lasts `windowSec`; once `maxFailures` are reached, sign-ins wait for it to close.
 * In memory; in a cluster the account service counts each account on the node owning its name, so the
 * per-account limit holds cluster-wide (the per-address one is counted per owner of the account tried).
 */
export class SigninThrottle {
  private readonly accounts: FailureCounter;
  private readonly addresses: FailureCounter;
  private readonly isTrusted: (ip: string) => boolean;
  private readonly clock: Clock;
  private readonly maxFailures: number;

  constructor(options: SigninThrottleOptions) {
    const maxEntries = options.maxEntries ?? SIGNIN_THROTTLE_MAX_ENTRIES;
    this.clock = options.clock;
    this.maxFailures = options.maxFailures;
    this.accounts = new FailureCounter(options.clock, options.windowSec * 1000, maxEntries);
    this.addresses = new FailureCounter(options.clock, options.windowSec * 1000, maxEntries);
    this.isTrusted = createAddressMatcher(options.trustedAddresses);
  }

  /** Throws SigninThrottledError (AUTH_THROTTLED) while the account or the address is over the limit. */
  check(account: string, ip: string): void {
    const retryAfterSec = this.retryAfter(account, ip);
    if (retryAfterSec !== undefined) throw new SigninThrottledError(retryAfterSec);
  }

  /** Seconds until the account or the address may try again; undefined when it may now. */
  retryAfter(account: string, ip: string): number | undefined {
    const now = this.clock.now();
    let blockedUntil = 0;
    const byAccount = this.accounts.live(accountKey(account));
    if (byAccount && byAccount.failures >= this.maxFailures) blockedUntil = byAccount.resetAt;
    if (!this.isTrusted(ip)) {
      const byAddress = this.addresses.live(ipThrottleKey(ip));
      if (byAddress && byAddress.failures >= this.maxFailures) blockedUntil = Math.max(blockedUntil, byAddress.resetAt);
    }
    return blockedUntil > now ? Math.ceil((blockedUntil - now) / 1000) : undefined;
  }

  recordFailure(account: string, ip: string): void {
    this.accounts.add(accountKey(account));
    if (!this.isTrusted(ip)) this.addresses.add(ipThrottleKey(ip));
  }

  /** Clears the account's failures. The address keeps its count, or one good account would unlock guessing at others. */
  recordSuccess(account: string, _ip: string): void {
    this.accounts.clear(accountKey(account));
  }

  /** Tracked entries, for metrics and tests. */
  get size(): { accounts: number; addresses: number } {
    return { accounts: this.accounts.size, addresses: this.addresses.size };
  }
}

function accountKey(account: string): string {
  return account.trim().toLowerCase().slice(0, MAX_ACCOUNT_KEY_CHARS);
}

/** The key an account's throttle state lives under (its owner node in a cluster). */
export const throttleKey = accountKey;

interface Window {
  failures: number;
  resetAt: number;
}

/**
 * Failure counts with a fixed window each. A window is inserted when it opens and never moved, so
 * the Map's order is the order of `resetAt`: expired entries are always at the front.
 */
class FailureCounter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly clock: Clock,
    private readonly windowMs: number,
    private readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.windows.size;
  }

  live(key: string): Window | undefined {
    const window = this.windows.get(key);
    if (window === undefined) return undefined;
    if (window.resetAt > this.clock.now()) return window;
    this.windows.delete(key);
    return undefined;
  }

  add(key: string): void {
    const window = this.live(key);
    if (window) {
      window.failures += 1;
      return;
    }
    this.makeRoom();
    this.windows.set(key, { failures: 1, resetAt: this.clock.now() + this.windowMs });
  }

  clear(key: string): void {
    this.windows.delete(key);
  }

  private makeRoom(): void {
    const now = this.clock.now();
    for (const [key, window] of this.windows) {
      if (window.resetAt > now && this.windows.size < this.maxEntries) break;
      // Expired, or still full: the front entry is the one closest to expiry.
      this.windows.delete(key);
    }
  }
}
