import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { GlideError, type Clock } from '../core/index.js';
import { deriveKey, KEY_PURPOSE } from './secret.js';

/** Format version, expiry (seconds, base36) and a 128-bit HMAC-SHA256 tag: `1.<exp>.<tag>`, about 31 characters. */
const TICKET_PATTERN = /^1\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})$/;
const TAG_BYTES = 16;

export interface TicketServiceOptions {
  secret: string;
  clock: Clock;
  ttlSec: number;
}

export interface IssuedTicket {
  ticket: string;
  /** Milliseconds since the Unix epoch. */
  expiresAt: number;
}

/**
 * Per-chat tickets (`POST /api/session/ticket`): proof that `from` may message `to` until the expiry.
 * Checked per message, so an HMAC (~450k checks/s) rather than a JWT (~11k/s). Directional: a ticket
 * for a→b does not work for b→a.
 */
export class TicketService {
  private readonly key: KeyObject;
  private readonly clock: Clock;
  private readonly ttlSec: number;

  constructor(options: TicketServiceOptions) {
    this.key = createSecretKey(deriveKey(options.secret, KEY_PURPOSE.ticket));
    this.clock = options.clock;
    this.ttlSec = options.ttlSec;
  }

  issue(from: number, to: number): IssuedTicket {
    const expSec = Math.floor(this.clock.now() / 1000) + this.ttlSec;
    const exp = expSec.toString(36);
    return { ticket: `1.${exp}.${this.tag(from, to, exp)}`, expiresAt: expSec * 1000 };
  }

  /** True when the ticket was issued for exactly from→to and has not expired. Never throws. */
  isValid(ticket: unknown, from: number, to: number): boolean {
    return this.problem(ticket, from, to) === undefined;
  }

  /** Throws AUTH_TICKET_INVALID unless isValid. */
  verify(ticket: unknown, from: number, to: number): void {
    const problem = this.problem(ticket, from, to);
    if (problem !== undefined) throw new GlideError('AUTH_TICKET_INVALID', problem);
  }

  private problem(ticket: unknown, from: number, to: number): string | undefined {
    if (typeof ticket !== 'string' || ticket.length > 40) return 'malformed';
    const match = TICKET_PATTERN.exec(ticket);
    if (!match) return 'malformed';
    const exp = match[1] as string;
    const tag = match[2] as string;
    // Compare the encoded tags: decoding base64url would let a changed last character pass.
    const expected = this.tag(from, to, exp);
    if (!timingSafeEqual(Buffer.from(tag, 'latin1'), Buffer.from(expected, 'latin1'))) return 'not for this peer or tampered';
    if (parseInt(exp, 36) * 1000 <= this.clock.now()) return 'expired';
    return undefined;
  }

  /** The tag covers the expiry exactly as written, so '0abc' and 'abc' are different tickets. */
  private tag(from: number, to: number, exp: string): string {
    return createHmac('sha256', this.key).update(`t|${from}|${to}|${exp}`).digest().subarray(0, TAG_BYTES).toString('base64url');
  }
}
