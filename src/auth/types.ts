/**
 * Contracts of the auth area. The building blocks here are pure; stored state comes in through
 * `TokenVersions`, which the application wires to the store.
 */

/**
 * The current token version of each (uid, device). A token or credential is valid while its `ver`
 * is not older than the stored version, so bumping it revokes everything issued before.
 */
export interface TokenVersions {
  /** The stored version; 0 when none was ever issued. Must read the latest committed value. */
  get(uid: number, device: number): Promise<number>;
  /**
   * Atomically increments the version (creating it at 1) and returns the new value.
   * Concurrent bumps on any node must each return a distinct, increasing value.
   */
  bump(uid: number, device: number): Promise<number>;
  /** Every device of `uid` that has a version (a token was issued for it at some time). */
  devices(uid: number): Promise<number[]>;
}

/** What a verified token or credential proves. */
export interface AuthClaims {
  uid: number;
  device: number;
  /** The version it was issued under (see TokenVersions). */
  ver: number;
}

export interface IssuedToken {
  token: string;
  version: number;
  /** Milliseconds since the Unix epoch. */
  expiresAt: number;
}

export interface IssuedCredential {
  credential: string;
  /** Milliseconds since the Unix epoch. */
  expiresAt: number;
}

/** Connection policy when the same uid signs in again (config `auth.devicePolicy`). */
export const DEVICE_POLICY = {
  /** One connection per (uid, device). */
  device: 'device',
  /** One connection per platform class (mobile, web, desktop, bot, other kinds alone). */
  platform: 'platform',
  /** Never kick. */
  none: 'none',
} as const;
export type DevicePolicy = (typeof DEVICE_POLICY)[keyof typeof DEVICE_POLICY];

/** The auth slice of the configuration; structurally the same as `Config['auth']`. */
export interface AuthSettings {
  /** Empty means generate or load `<dataDir>/secret.key` (see loadOrCreateSecret). */
  secret: string;
  tokenTtlSec: number;
  credentialTtlSec: number;
  ticketTtlSec: number;
  devicePolicy: DevicePolicy;
  signinMaxFailures: number;
  signinAccountMaxFailures: number;
  signinWindowSec: number;
  registrationsPerIpPerHour: number;
  guestsPerIpPerHour: number;
  hashConcurrency: number;
  hashQueueMax: number;
  trustedAddresses: readonly string[];
}
