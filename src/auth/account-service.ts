import { randomBytes } from 'node:crypto';
import { GlideError, type Clock, type Hooks, type OwnedCalls } from '../core/index.js';
import type { User, UserStore } from '../store/index.js';
import type { AuthKit } from './auth-kit.js';
import { DEVICE } from './device-policy.js';
import { RateLimitedError, type AddressQuota } from './address-quota.js';
import { checkPasswordPolicy, normalizeAccount } from './account-policy.js';
import { SigninThrottledError } from './signin-throttle.js';
import type { AuthClaims } from './types.js';

/** What a successful sign-in gives a client, in our own names; routes shape it for G1 or G2. */
export interface SigninResult {
  uid: number;
  device: number;
  token: string;
  credential: string;
  servers: string[];
  user: User;
}

export interface RegisterInput {
  account: string;
  password: string;
  nickname?: string;
  email?: string;
  avatar?: string;
}

export interface AccountServiceDeps {
  users: UserStore;
  kit: AuthKit;
  clock: Clock;
  /** Public WebSocket URLs, first one this server's (G1 clients connect to `Servers[0]`). */
  servers: () => string[];
  /** Counts each password sign-in by outcome: ok, bad_credentials, throttled. */
  countSignin?: (outcome: 'ok' | 'bad_credentials' | 'throttled') => void;
  /** Where an account's failed sign-ins are counted: here, or (cluster) on the node owning the account name. */
  calls: OwnedCalls;
  /** Told of registrations, sign-ins and sign-outs (webhooks). */
  hooks: Hooks;
}

/** Longest account name once normalised (NFKC may lengthen what the route accepted); the column holds 255. */
const MAX_ACCOUNT_CHARS = 128;

/** One throttle step, run where the account's failures are counted. */
interface ThrottleStep {
  op: 'check' | 'failure' | 'success';
  account: string;
  ip: string;
}

/** What a password change did: the devices whose tokens (and open connections) must now go. */
export interface PasswordChange {
  revokedDevices: number[];
}

/**
 * Accounts: registration, sign-in (tokens + G2 credential), guests, password changes, token refresh
 * and logout. Account names and e-mails are normalised (see normalizeAccount); failed password checks
 * are throttled (see SigninThrottle); new accounts are limited per address; every hash waits its turn
 * in the kit's HashQueue, sign-ins first.
 */
export class AccountService {
  /** Repeating a step after an unclear outcome is harmless: at worst one failure counts twice. */
  private readonly throttle: (key: string, step: ThrottleStep) => Promise<{ retryAfterSec?: number }>;

  constructor(private readonly deps: AccountServiceDeps) {
    const { throttle } = deps.kit;
    this.throttle = deps.calls.define<ThrottleStep, { retryAfterSec?: number }>('auth.throttle', 'idempotent', async (step) => {
      if (step.op === 'failure') throttle.recordFailure(step.account, step.ip);
      else if (step.op === 'success') throttle.recordSuccess(step.account, step.ip);
      else {
        const retryAfterSec = throttle.retryAfter(step.account, step.ip);
        if (retryAfterSec !== undefined) return { retryAfterSec };
      }
      return {};
    });
  }

  /** Registers from `ip`: throws AUTH_RATE_LIMITED past the address's hourly allowance, API_BAD_REQUEST for a weak password. */
  async register(input: RegisterInput, ip: string): Promise<User> {
    checkPasswordPolicy(input.password);
    this.takeQuota(this.deps.kit.registrations, ip, 'registrations');
    return this.create(input);
  }

  /** Signs in by account (or email) and password. Throws AUTH_THROTTLED, AUTH_BAD_CREDENTIALS or AUTH_BUSY. */
  async signin(login: { account: string; password: string; device: number; ip: string }): Promise<SigninResult> {
    const user = await this.findLogin(login.account);
    // One key per account, whatever login string named it; unknown names are counted under the name.
    const key = user ? `uid:${user.uid}` : `name:${normalizeAccount(login.account)}`;
    const isValid = await this.checkPassword(key, login.ip, user?.passwordHash, login.password);
    if (!user || !isValid) {
      this.deps.countSignin?.('bad_credentials');
      throw new GlideError('AUTH_BAD_CREDENTIALS');
    }
    this.deps.countSignin?.('ok');
    const result = await this.issue(user, login.device);
    this.deps.hooks.emit({ type: 'user.signed_in', uid: user.uid, device: login.device });
    return result;
  }

  /**
   * Changes the password of `uid` when `currentPassword` is right (a stolen token alone is not enough),
   * then revokes every other device's tokens. Wrong guesses are throttled like sign-ins. Throws
   * API_BAD_REQUEST (weak new password), AUTH_BAD_CREDENTIALS, AUTH_THROTTLED or AUTH_BUSY.
   */
  async changePassword(change: { uid: number; device: number; ip: string; currentPassword: string; newPassword: string }): Promise<PasswordChange> {
    checkPasswordPolicy(change.newPassword);
    const user = await this.requireUser(change.uid);
    if (!(await this.checkPassword(`uid:${user.uid}`, change.ip, user.passwordHash, change.currentPassword))) {
      throw new GlideError('AUTH_BAD_CREDENTIALS', 'the current password is wrong');
    }
    const passwordHash = await this.deps.kit.hashing.run('create', () => this.deps.kit.passwords.hash(change.newPassword));
    await this.deps.users.updateProfile(user.uid, { passwordHash });
    return { revokedDevices: await this.deps.kit.tokens.revokeOthers(user.uid, change.device) };
  }

  /** A throwaway account with a random password, signed in as the guest device. Throws AUTH_RATE_LIMITED past the address's allowance. */
  async guest(profile: { nickname?: string; avatar?: string }, ip: string): Promise<SigninResult> {
    this.takeQuota(this.deps.kit.guests, ip, 'guest accounts');
    const account = `guest_${randomBytes(6).toString('hex')}`;
    const user = await this.create({ account, password: randomBytes(18).toString('base64url'), nickname: profile.nickname || account, ...(profile.avatar ? { avatar: profile.avatar } : {}) });
    return this.issue(user, DEVICE.guest);
  }

  /** Checks a token and hands back a fresh credential for it (the token itself stays valid). */
  async refresh(token: string): Promise<SigninResult> {
    const claims = await this.deps.kit.tokens.verify(token);
    const user = await this.requireUser(claims.uid);
    const { credential } = await this.deps.kit.credentials.issue(claims);
    return { uid: user.uid, device: claims.device, token, credential, servers: this.servers(), user };
  }

  /** A token for an existing user without a password check: for operators' tools and tests. */
  async tokenFor(uid: number, device: number): Promise<string> {
    return (await this.issue(await this.requireUser(uid), device)).token;
  }

  /** Revokes every token and credential of (uid, device). */
  async logout(uid: number, device: number): Promise<void> {
    await this.deps.kit.tokens.revoke(uid, device);
    this.deps.hooks.emit({ type: 'user.signed_out', uid, device });
  }

  /** Public WebSocket URLs for sign-in replies. */
  servers(): string[] {
    return this.deps.servers();
  }

  verifyToken(token: string): Promise<AuthClaims> {
    return this.deps.kit.tokens.verify(token);
  }

  verifyCredential(credential: string): Promise<AuthClaims> {
    return this.deps.kit.credentials.verify(credential);
  }

  async requireUser(uid: number): Promise<User> {
    const user = await this.deps.users.get(uid);
    if (!user) throw new GlideError('STORE_NOT_FOUND', `user ${uid}`);
    return user;
  }

  private takeQuota(quota: AddressQuota, ip: string, what: string): void {
    const retryAfterSec = quota.take(ip);
    if (retryAfterSec !== undefined) throw new RateLimitedError(retryAfterSec, what);
  }

  /** Hashes the password (waiting its turn) and stores the user under its normalised name and e-mail. */
  private async create(input: RegisterInput): Promise<User> {
    const account = normalizeAccount(input.account);
    const email = input.email === undefined ? null : normalizeAccount(input.email);
    if (account === '' || account.length > MAX_ACCOUNT_CHARS) throw new GlideError('API_BAD_REQUEST', `Account must have 1 to ${MAX_ACCOUNT_CHARS} characters`);
    const passwordHash = await this.deps.kit.hashing.run('create', () => this.deps.kit.passwords.hash(input.password));
    try {
      // The nickname is public (user/info): an e-mail used as the account does not become it.
      const user = await this.deps.users.create({ account, passwordHash, nickname: input.nickname || account.split('@', 1)[0] || account, avatar: input.avatar ?? '', email });
      this.deps.hooks.emit({ type: 'user.registered', uid: user.uid, account });
      return user;
    } catch (err) {
      if (err instanceof GlideError && err.code === 'STORE_CONFLICT') throw new GlideError('AUTH_ACCOUNT_EXISTS', account);
      throw err;
    }
  }

  /** The user a login string names: its account, else its e-mail; names stored before normalisation are found as typed. */
  private async findLogin(login: string): Promise<User | undefined> {
    const { users } = this.deps;
    const find = async (name: string) => (await users.getByAccount(name)) ?? (name.includes('@') ? await users.getByEmail(name) : undefined);
    const normalized = normalizeAccount(login);
    return (await find(normalized)) ?? (normalized === login ? undefined : await find(login));
  }

  /**
   * The throttled password check (on the node owning `key` in a cluster): throws AUTH_THROTTLED while
   * this address may not try, else verifies (against a dummy hash when there is no user) and records the outcome.
   */
  private async checkPassword(key: string, ip: string, hash: string | undefined, password: string): Promise<boolean> {
    const { retryAfterSec } = await this.throttle(key, { op: 'check', account: key, ip });
    if (retryAfterSec !== undefined) {
      this.deps.countSignin?.('throttled');
      throw new SigninThrottledError(retryAfterSec);
    }
    const { hashing, passwords } = this.deps.kit;
    const isValid = await hashing.run('signin', () => passwords.verifyAccount(hash, password));
    await this.throttle(key, { op: isValid ? 'success' : 'failure', account: key, ip });
    return isValid;
  }

  private async issue(user: User, device: number): Promise<SigninResult> {
    const issued = await this.deps.kit.tokens.issue(user.uid, device);
    const { credential } = await this.deps.kit.credentials.issue({ uid: user.uid, device, ver: issued.version });
    return { uid: user.uid, device, token: issued.token, credential, servers: this.servers(), user };
  }
}
