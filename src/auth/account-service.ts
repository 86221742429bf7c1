import { randomBytes } from 'node:crypto';
import { GlideError, localCalls, type Clock, type OwnedCalls } from '../core/index.js';
import type { User, UserStore } from '../store/index.js';
import type { AuthKit } from './index.js';
import { DEVICE } from './device-policy.js';
import { SigninThrottledError, throttleKey } from './signin-throttle.js';
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
  calls?: OwnedCalls;
}

const MIN_PASSWORD_LENGTH = 6;

/**
 * Accounts: registration, sign-in (tokens + G2 credential), guests, token refresh and logout.
 * Failed sign-ins are throttled per account and per address (trusted addresses exempt from the latter).
 */
/** One throttle step, run where the account's failures are counted. */
interface ThrottleStep {
  op: 'check' | 'failure' | 'success';
  account: string;
  ip: string;
}

export class AccountService {
  /** Repeating a step after an unclear outcome is harmless: at worst one failure counts twice. */
  private readonly throttle: (key: string, step: ThrottleStep) => Promise<{ retryAfterSec?: number }>;

  constructor(private readonly deps: AccountServiceDeps) {
    const { throttle } = deps.kit;
    this.throttle = (deps.calls ?? localCalls).define<ThrottleStep, { retryAfterSec?: number }>('auth.throttle', 'idempotent', async (step) => {
      if (step.op === 'failure') throttle.recordFailure(step.account, step.ip);
      else if (step.op === 'success') throttle.recordSuccess(step.account, step.ip);
      else {
        const retryAfterSec = throttle.retryAfter(step.account, step.ip);
        if (retryAfterSec !== undefined) return { retryAfterSec };
      }
      return {};
    });
  }

  async register(input: RegisterInput): Promise<User> {
    if (input.password.length < MIN_PASSWORD_LENGTH) throw new GlideError('API_BAD_REQUEST', `Password must have at least ${MIN_PASSWORD_LENGTH} characters`);
    const passwordHash = await this.deps.kit.passwords.hash(input.password);
    try {
      return await this.deps.users.create({
        account: input.account,
        passwordHash,
        nickname: input.nickname || input.account,
        avatar: input.avatar ?? '',
        email: input.email ?? null,
      });
    } catch (err) {
      if (err instanceof GlideError && err.code === 'STORE_CONFLICT') throw new GlideError('AUTH_ACCOUNT_EXISTS', input.account);
      throw err;
    }
  }

  /** Signs in by account (or email) and password. Throws AUTH_THROTTLED or AUTH_BAD_CREDENTIALS. */
  async signin(login: { account: string; password: string; device: number; ip: string }): Promise<SigninResult> {
    const { passwords } = this.deps.kit;
    const key = throttleKey(login.account);
    const { retryAfterSec } = await this.throttle(key, { op: 'check', account: login.account, ip: login.ip });
    if (retryAfterSec !== undefined) {
      this.deps.countSignin?.('throttled');
      throw new SigninThrottledError(retryAfterSec);
    }
    const user = (await this.deps.users.getByAccount(login.account)) ?? (login.account.includes('@') ? await this.deps.users.getByEmail(login.account) : undefined);
    const isValid = await passwords.verifyAccount(user?.passwordHash, login.password);
    if (!user || !isValid) {
      await this.throttle(key, { op: 'failure', account: login.account, ip: login.ip });
      this.deps.countSignin?.('bad_credentials');
      throw new GlideError('AUTH_BAD_CREDENTIALS');
    }
    await this.throttle(key, { op: 'success', account: login.account, ip: login.ip });
    this.deps.countSignin?.('ok');
    return this.issue(user, login.device);
  }

  /** A throwaway account with a random password, signed in as the guest device. */
  async guest(profile: { nickname?: string; avatar?: string }): Promise<SigninResult> {
    const account = `guest_${randomBytes(6).toString('hex')}`;
    const user = await this.register({ account, password: randomBytes(18).toString('base64url'), nickname: profile.nickname || account, ...(profile.avatar ? { avatar: profile.avatar } : {}) });
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

  private async issue(user: User, device: number): Promise<SigninResult> {
    const issued = await this.deps.kit.tokens.issue(user.uid, device);
    const { credential } = await this.deps.kit.credentials.issue({ uid: user.uid, device, ver: issued.version });
    return { uid: user.uid, device, token: issued.token, credential, servers: this.servers(), user };
  }
}
