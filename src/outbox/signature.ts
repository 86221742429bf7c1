import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of every signed call Glide makes (webhook events, webhook push, the before-message hook). */
export const SIGNATURE_HEADERS = { timestamp: 'x-glide-timestamp', signature: 'x-glide-signature', eventId: 'x-glide-event-id' } as const;

/** `v1=` + hex HMAC-SHA256 of `<timestamp>.<body>` under `secret` (timestamp in Unix seconds, as sent). */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does: recompute and compare in constant time, and refuse stale timestamps (replays).
 * Exported for tests and as the reference of the documented scheme.
 */
export function verifySignature(secret: string, timestamp: string, body: string, signature: string, nowSec: number, toleranceSec = 300): boolean {
  const at = Number(timestamp);
  if (!Number.isInteger(at) || Math.abs(nowSec - at) > toleranceSec) return false;
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function signedHeaders(secret: string, body: string, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { 'content-type': 'application/json', [SIGNATURE_HEADERS.timestamp]: timestamp, [SIGNATURE_HEADERS.signature]: signBody(secret, timestamp, body) };
}
