import { Counter, Gauge, type MetricsRegistry } from '../metrics/index.js';
import type { HashQueue } from './hash-queue.js';
import type { SigninThrottle } from './signin-throttle.js';

export type AuthMetrics = ReturnType<typeof createAuthMetrics>;

/** Sign-in outcomes and the throttle's memory, so brute-force attempts show on a dashboard. */
export function createAuthMetrics(registry: MetricsRegistry, throttle: SigninThrottle, hashing: HashQueue) {
  const registers = [registry];
  new Gauge({
    name: 'glide_auth_hash_waiting',
    help: 'Password hashes waiting for a slot, per line (signin, create)',
    labelNames: ['line'] as const,
    registers,
    collect() {
      const waiting = hashing.waiting;
      this.set({ line: 'signin' }, waiting.signin);
      this.set({ line: 'create' }, waiting.create);
    },
  });
  new Gauge({
    name: 'glide_auth_throttle_entries',
    help: 'Accounts, addresses and (account, address) pairs with failed sign-ins being counted',
    labelNames: ['kind'] as const,
    registers,
    collect() {
      const size = throttle.size;
      this.set({ kind: 'account' }, size.accounts);
      this.set({ kind: 'address' }, size.addresses);
      this.set({ kind: 'pair' }, size.pairs);
    },
  });
  return {
    signins: new Counter({ name: 'glide_auth_signins_total', help: 'Password sign-ins by outcome', labelNames: ['outcome'] as const, registers }),
  };
}
