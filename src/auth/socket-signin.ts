import { isGlideError, runInBackground, type Logger } from '../core/index.js';
import type { Delivery } from '../delivery/index.js';
import type { ActionRouter, Connection, ConnectionIdentity } from '../gateway/index.js';
import { DISCONNECT, readApiAuth, readAuthenticate, writeApiAuthReply, type Envelope } from '../protocol/index.js';
import type { AccountService } from './account-service.js';
import { shouldKick } from './device-policy.js';
import { SigninBusyError, type SigninGate } from './signin-gate.js';
import type { AuthClaims, DevicePolicy } from './types.js';

/** Where signed-in connections are registered; the gateway in single mode. */
export interface ConnectionDirectory {
  bind(conn: Connection, identity: ConnectionIdentity): void;
  /** Makes a connection anonymous again. */
  unbind(conn: Connection): void;
  connectionsOf(uid: number): ReadonlySet<Connection>;
}

export interface SocketSigninDeps {
  accounts: AccountService;
  directory: ConnectionDirectory;
  policy: DevicePolicy;
  log: Logger;
  /** Reaches the user's connections on every node: they are kicked or told there too. */
  delivery: Delivery;
  /** Admission: how many sign-ins (with their follow-up work) run at once, how many may wait. */
  gate: SigninGate;
}

/**
 * Work that follows a sign-in (offline sync, group sync, presence): `what` names it in the log when it
 * fails. The sign-in's admission slot is held until the returned promise settles.
 */
export type SignedInListener = (conn: Connection) => Promise<void> | undefined;

/**
 * Signs long connections in (`authenticate` with a G2 credential, `api.auth` / `api.user.auth` with a
 * token) and applies the device policy: an older connection of a conflicting device gets
 * `notify.kickout` and is closed, the user's other devices get `notify.login`.
 */
export class SocketSignin {
  private readonly signedInListeners: { what: string; listener: SignedInListener }[] = [];

  constructor(private readonly deps: SocketSigninDeps) {
    deps.delivery.handle('signed-in', (_uids, { uid, device }, exceptConnId) => this.applyPolicy(uid, device, exceptConnId));
    deps.delivery.handle('signed-out', (_uids, { uid, device }, callerConnId) => this.detachHere(uid, device, callerConnId));
  }

  /** Called right after a connection signed in and got its reply (messaging starts its sync here). */
  onSignedIn(what: string, listener: SignedInListener): void {
    this.signedInListeners.push({ what, listener });
  }

  mount(router: ActionRouter): void {
    router.on('authenticate', (conn, envelope) => this.authenticate(conn, envelope), { isPublic: true });
    router.on('api.auth', (conn, envelope) => this.tokenAuth(conn, envelope), { isPublic: true });
    router.on('api.user.auth', (conn, envelope) => this.tokenAuth(conn, envelope), { isPublic: true });
  }

  /**
   * Binds `conn` to the claims, kicking what the device policy says must go. False when it already was,
   * or when it closed while its credential was checked (a client that gave up during a sign-in storm):
   * its close has run already, so binding it now would leave a presence entry no close removes.
   */
  attach(conn: Connection, claims: AuthClaims): boolean {
    if (!conn.isOpen) return false;
    const current = conn.identity;
    if (current && current.uid === claims.uid && current.device === claims.device) return false;
    this.deps.delivery.deliver([claims.uid], { kind: 'signed-in', uid: claims.uid, device: claims.device }, this.deps.delivery.ref(conn));
    this.deps.directory.bind(conn, { uid: claims.uid, device: claims.device });
    return true;
  }

  /** `uid` signed in on `device` (with connection `connId`, when here): older conflicting connections go, the others are told. */
  private applyPolicy(uid: number, device: number, connId: number | undefined): number {
    let count = 0;
    for (const other of [...this.deps.directory.connectionsOf(uid)]) {
      if (other.id === connId || !other.identity) continue;
      count++;
      if (shouldKick(this.deps.policy, other.identity.device, device)) {
        other.push({ action: 'notify.kickout', data: { device, reason: DISCONNECT.KICKED.reason } });
        other.close(DISCONNECT.KICKED);
      } else {
        other.push({ action: 'notify.login', data: { uid, device } });
      }
    }
    return count;
  }

  /** Starts the listeners' work; settles (never rejects: failures are logged) once all of it has. */
  private announce(conn: Connection): Promise<unknown> {
    const works: Promise<void>[] = [];
    for (const { what, listener } of this.signedInListeners) {
      const work = listener(conn);
      if (!work) continue;
      runInBackground(this.deps.log, what, work);
      works.push(work);
    }
    return Promise.allSettled(works);
  }

  /**
   * Runs a sign-in in an admission slot, held until the follow-up work of a new one (true from
   * `signIn`) is done. A full line calls `refuse` instead.
   */
  private async admitted(conn: Connection, signIn: () => Promise<boolean>, refuse: (err: unknown) => void): Promise<void> {
    let release: () => void;
    try {
      release = await this.deps.gate.enter();
    } catch (err) {
      refuse(err);
      return;
    }
    // Closed while it waited (its client gave up, or the auth timeout closed it): in a storm the line
    // is full of these, and checking their tokens would spend the slots the live ones wait for.
    if (!conn.isOpen) {
      release();
      return;
    }
    let followUp: Promise<unknown> | undefined;
    try {
      if (await signIn()) followUp = this.announce(conn);
    } finally {
      if (followUp) void followUp.finally(release);
      else release();
    }
  }

  /**
   * Its tokens were just revoked: every connection of (uid, device) is closed, except `caller` (the
   * connection that asked to sign out), which stays open but anonymous so it still gets its reply.
   */
  detachDevice(uid: number, device: number, caller?: Connection): void {
    this.deps.delivery.deliver([uid], { kind: 'signed-out', uid, device }, caller && this.deps.delivery.ref(caller));
  }

  private detachHere(uid: number, device: number, callerConnId: number | undefined): number {
    let count = 0;
    for (const conn of [...this.deps.directory.connectionsOf(uid)]) {
      if (conn.identity?.device !== device) continue;
      if (conn.id === callerConnId) this.deps.directory.unbind(conn);
      else conn.close(DISCONNECT.SIGNED_OUT);
      count++;
    }
    return count;
  }

  private async authenticate(conn: Connection, envelope: Envelope): Promise<void> {
    const refuse = (err: unknown): void => {
      if (!isGlideError(err)) throw err;
      this.deps.log.debug({ conn: conn.id, code: err.code }, 'authenticate refused');
      conn.reply(envelope.seq, { action: 'notify.error', msg: err.message });
    };
    try {
      const { credential } = readAuthenticate(envelope.data);
      await this.admitted(conn, async () => {
        const claims = await this.deps.accounts.verifyCredential(credential);
        const isNew = this.attach(conn, claims);
        conn.reply(envelope.seq, { action: 'notify.success', data: { uid: String(claims.uid), device: claims.device } });
        return isNew;
      }, refuse);
    } catch (err) {
      refuse(err);
    }
  }

  private async tokenAuth(conn: Connection, envelope: Envelope): Promise<void> {
    const refuse = (err: unknown): void => {
      if (!isGlideError(err)) throw err;
      this.deps.log.debug({ conn: conn.id, code: err.code }, 'token sign-in refused');
      // A full or slow line says when to come back: the client retries instead of counting the sign-in failed.
      const retry = err instanceof SigninBusyError ? { RetryAfterMs: err.retryAfterMs } : {};
      conn.reply(envelope.seq, { action: 'api.failed', data: { Code: 1001, Msg: err.message, ...retry } });
    };
    try {
      const { token } = readApiAuth(envelope.data);
      await this.admitted(conn, async () => {
        const claims = await this.deps.accounts.verifyToken(token);
        const isNew = this.attach(conn, claims);
        conn.reply(envelope.seq, { action: 'api.success', data: writeApiAuthReply(conn.dialect, { uid: claims.uid, token, servers: this.deps.accounts.servers() }) });
        return isNew;
      }, refuse);
    } catch (err) {
      refuse(err);
    }
  }
}
