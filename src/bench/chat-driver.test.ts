import { describe, expect, it } from 'vitest';
import { failureKind } from './reconnect-policy.js';

describe('bench reconnect failure tally', () => {
  it('keeps an HTTP status and a close code whole, and folds every other number', () => {
    expect(failureKind(new Error('upgrade refused: HTTP 408'))).toBe('upgrade refused: HTTP 408');
    expect(failureKind(new Error('upgrade refused: HTTP 503 with Retry-After'))).toBe('upgrade refused: HTTP 503 with Retry-After');
    expect(failureKind(new Error('connection lost (closed 4008)'))).toBe('connection lost (closed 4008)');
    expect(failureKind(new Error('connect ECONNREFUSED 127.0.0.1:41481'))).toBe('connect ECONNREFUSED N.N.N.N:N');
    expect(failureKind(new Error('api.auth: no reply in 59876 ms'))).toBe('api.auth: no reply in N ms');
  });
});
