import { GlideError, WindowCounter, type Clock } from '../core/index.js';
import { ipThrottleKey } from './ip-address.js';

/** Addresses tracked at most; about 100 bytes each. */
const MAX_TRACKED_ADDRESSES = 100_000;

export interface AddressQuotaOptions {
  clock: Clock;
  /** Actions allowed per address (IPv4 address or IPv6 /64) per window. */
  limit: number;
  windowMs: number;
  isTrusted: (ip: string) => boolean;
}

/** AUTH_RATE_LIMITED with the wait, for a `Retry-After` header. */
export class RateLimitedError extends GlideError {
  constructor(
    readonly retryAfterSec: number,
    what: string,
  ) {
    super('AUTH_RATE_LIMITED', `too many ${what} from this address, retry in ${retryAfterSec} s`);
  }
}

/** A per-address allowance of some costly action (registration, guest sign-up); trusted addresses are not counted. */
export class AddressQuota {
  private readonly counts: WindowCounter;

  constructor(private readonly options: AddressQuotaOptions) {
    this.counts = new WindowCounter(options.clock, options.windowMs, MAX_TRACKED_ADDRESSES);
  }

  /** Takes one; returns the seconds to wait when the address has none left (and then takes nothing). */
  take(ip: string): number | undefined {
    if (this.options.isTrusted(ip)) return undefined;
    const bucket = ipThrottleKey(ip);
    const window = this.counts.live(bucket);
    if (window && window.count >= this.options.limit) return Math.max(1, Math.ceil((window.resetAt - this.options.clock.now()) / 1000));
    this.counts.add(bucket);
    return undefined;
  }
}
