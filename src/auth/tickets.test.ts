import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/index.js';
import { TicketService } from './tickets.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
let clock: ManualClock;
let tickets: TicketService;

beforeEach(() => {
  clock = new ManualClock();
  tickets = new TicketService({ secret: SECRET, clock, ttlSec: 600 });
});

describe('TicketService', () => {
  it('issues a compact ticket that is valid for exactly that sender and peer', () => {
    const { ticket, expiresAt } = tickets.issue(1, 2);
    expect(ticket.length).toBeLessThanOrEqual(40);
    expect(expiresAt).toBe(Math.floor(clock.now() / 1000) * 1000 + 600_000);
    expect(tickets.isValid(ticket, 1, 2)).toBe(true);
    expect(() => tickets.verify(ticket, 1, 2)).not.toThrow();
  });

  it('refuses another peer, another sender and the reverse direction', () => {
    const { ticket } = tickets.issue(1, 2);
    expect(tickets.isValid(ticket, 1, 3)).toBe(false);
    expect(tickets.isValid(ticket, 3, 2)).toBe(false);
    expect(tickets.isValid(ticket, 2, 1)).toBe(false);
    expect(() => tickets.verify(ticket, 1, 3)).toThrow(expect.objectContaining({ code: 'AUTH_TICKET_INVALID' }));
  });

  it('expires after its lifetime', () => {
    const { ticket } = tickets.issue(1, 2);
    clock.advance(599_000);
    expect(tickets.isValid(ticket, 1, 2)).toBe(true);
    clock.advance(1_000);
    expect(tickets.isValid(ticket, 1, 2)).toBe(false);
    expect(() => tickets.verify(ticket, 1, 2)).toThrow(/expired/);
  });

  it('refuses a tampered expiry or tag, including a changed last character', () => {
    const { ticket } = tickets.issue(1, 2);
    const [version, exp, tag] = ticket.split('.') as [string, string, string];
    const later = (parseInt(exp, 36) + 3600).toString(36);
    expect(tickets.isValid(`${version}.${later}.${tag}`, 1, 2)).toBe(false);
    expect(tickets.isValid(`${version}.0${exp}.${tag}`, 1, 2)).toBe(false);
    for (const index of [0, tag.length - 1]) {
      const swapped = tag.slice(0, index) + (tag[index] === 'A' ? 'B' : 'A') + tag.slice(index + 1);
      expect(tickets.isValid(`${version}.${exp}.${swapped}`, 1, 2)).toBe(false);
    }
  });

  it('refuses tickets of another secret and garbage of any type', () => {
    const other = new TicketService({ secret: 'another-secret-that-is-long-enough-987654', clock, ttlSec: 600 });
    expect(tickets.isValid(other.issue(1, 2).ticket, 1, 2)).toBe(false);
    for (const bad of [undefined, null, 42, {}, '', '1..', '2.abc.AAAAAAAAAAAAAAAAAAAAAA', 'x'.repeat(10_000)]) {
      expect(tickets.isValid(bad, 1, 2)).toBe(false);
    }
  });
});
