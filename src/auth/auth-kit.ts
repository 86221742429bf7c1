import type { Clock, Logger } from '../core/index.js';
import { CredentialService } from './credentials.js';
import { PasswordHasher } from './passwords.js';
import { loadOrCreateSecret } from './secret.js';
import { AddressQuota } from './address-quota.js';
import { HashQueue } from './hash-queue.js';
import { LinkSigner } from './link-signer.js';
import { createAddressMatcher } from './ip-address.js';
import { SigninThrottle } from './signin-throttle.js';
import { TicketService } from './tickets.js';
import { TokenService } from './tokens.js';
import { DEVICE_POLICY, type AuthSettings, type DevicePolicy, type TokenVersions } from './types.js';

const HOUR_MS = 3_600_000;

/** Every auth building block, wired from the config section. */
export interface AuthKit {
  passwords: PasswordHasher;
  tokens: TokenService;
  credentials: CredentialService;
  tickets: TicketService;
  /** Signed, expiring download links (files). */
  links: LinkSigner;
  throttle: SigninThrottle;
  /** Every argon2 hash and verify goes through it: bounded, sign-ins first. */
  hashing: HashQueue;
  /** New accounts per client address (auth/register) and guest accounts per address (auth/guest). */
  registrations: AddressQuota;
  guests: AddressQuota;
  devicePolicy: DevicePolicy;
}

export interface AuthKitDeps {
  clock: Clock;
  versions: TokenVersions;
  log?: Logger;
}

/**
 * Resolves the secret (configured, or `<dataDir>/secret.key`, created if missing) and builds the parts.
 * Call as `createAuthKit(deps, { ...config.auth, dataDir: config.server.dataDir })`.
 */
export async function createAuthKit(deps: AuthKitDeps, settings: AuthSettings & { dataDir: string }): Promise<AuthKit> {
  const secret = await loadOrCreateSecret({ configured: settings.secret, dataDir: settings.dataDir, log: deps.log });
  const { clock, versions } = deps;
  const isTrusted = createAddressMatcher(settings.trustedAddresses);
  return {
    passwords: new PasswordHasher(),
    tokens: new TokenService({ secret, clock, versions, ttlSec: settings.tokenTtlSec, isRevokingOnIssue: settings.devicePolicy !== DEVICE_POLICY.none }),
    credentials: new CredentialService({ secret, clock, versions, ttlSec: settings.credentialTtlSec }),
    tickets: new TicketService({ secret, clock, ttlSec: settings.ticketTtlSec }),
    links: new LinkSigner(secret),
    throttle: new SigninThrottle({
      clock,
      maxFailures: settings.signinMaxFailures,
      accountMaxFailures: settings.signinAccountMaxFailures,
      windowSec: settings.signinWindowSec,
      trustedAddresses: settings.trustedAddresses,
    }),
    hashing: new HashQueue({ concurrency: settings.hashConcurrency, maxWaiting: settings.hashQueueMax }),
    registrations: new AddressQuota({ clock, limit: settings.registrationsPerIpPerHour, windowMs: HOUR_MS, isTrusted }),
    guests: new AddressQuota({ clock, limit: settings.guestsPerIpPerHour, windowMs: HOUR_MS, isTrusted }),
    devicePolicy: settings.devicePolicy,
  };
}
