import { isGlideError, type Logger, type Peers } from '../core/index.js';
import type { ActionRouter, Connection, ConnectionIdentity } from '../gateway/index.js';
import { DISCONNECT, readApiAuth, readAuthenticate, writeApiAuthReply, type Envelope } from '../protocol/index.js';
import type { AccountService } from './account-service.js';
import { shouldKick } from './device-policy.js';
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
  /** Cluster mode: the user's connections on other nodes are kicked or told there too. */
  peers?: Peers;
}

const PEER = { signedIn: 'auth.signed-in', signedOut: 'auth.signed-out' } as const;
interface PeerSignin {
  uid: number;
  device: number;
}

/**
 * Signs long connections in (`authenticate` with a G2 credential, `api.auth` / `api.user.auth` with a
 * token) and applies the device policy: an older connection of a conflicting device gets
 * `notify.kickout` and is closed, the user's other devices get `notify.login`.
 */
export class SocketSignin {
  private readonly signedInListeners: ((conn: Connection) => void)[] = [];

  constructor(private readonly deps: SocketSigninDeps) {
    deps.peers?.on<PeerSignin>(PEER.signedIn, ({ uid, device }) => this.applyPolicy(uid, device, undefined));
    deps.peers?.on<PeerSignin>(PEER.signedOut, ({ uid, device }) => this.detachHere(uid, device, undefined));
  }

  /** Called right after a connection signed in and got its reply (messaging starts its sync here). */
  onSignedIn(listener: (conn: Connection) => void): void {
    this.signedInListeners.push(listener);
  }

  mount(router: ActionRouter): void {
    router.on('authenticate', (conn, envelope) => this.authenticate(conn, envelope), { isPublic: true });
    router.on('api.auth', (conn, envelope) => this.tokenAuth(conn, envelope), { isPublic: true });
    router.on('api.user.auth', (conn, envelope) => this.tokenAuth(conn, envelope), { isPublic: true });
  }

  /** Binds `conn` to the claims, kicking what the device policy says must go. False when it already was. */
  attach(conn: Connection, claims: AuthClaims): boolean {
    const current = conn.identity;
    if (current && current.uid === claims.uid && current.device === claims.device) return false;
    this.applyPolicy(claims.uid, claims.device, conn);
    this.toPeers(PEER.signedIn, claims.uid, claims.device);
    this.deps.directory.bind(conn, { uid: claims.uid, device: claims.device });
    return true;
  }

  /** `uid` signed in on `device` (with `conn`, when here): older conflicting connections go, the others are told. */
  private applyPolicy(uid: number, device: number, conn: Connection | undefined): void {
    for (const other of [...this.deps.directory.connectionsOf(uid)]) {
      if (other === conn || !other.identity) continue;
      if (shouldKick(this.deps.policy, other.identity.device, device)) {
        other.push({ action: 'notify.kickout', data: { device, reason: DISCONNECT.KICKED.reason } });
        other.close(DISCONNECT.KICKED);
      } else {
        other.push({ action: 'notify.login', data: { uid, device } });
      }
    }
  }

  private toPeers(kind: string, uid: number, device: number): void {
    const { peers } = this.deps;
    for (const node of peers?.nodesOf(uid) ?? []) peers!.send(node, kind, { uid, device } satisfies PeerSignin);
  }

  private announce(conn: Connection): void {
    for (const listener of this.signedInListeners) listener(conn);
  }

  /**
   * Its tokens were just revoked: every connection of (uid, device) is closed, except `caller` (the
   * connection that asked to sign out), which stays open but anonymous so it still gets its reply.
   */
  detachDevice(uid: number, device: number, caller?: Connection): void {
    this.detachHere(uid, device, caller);
    this.toPeers(PEER.signedOut, uid, device);
  }

  private detachHere(uid: number, device: number, caller: Connection | undefined): void {
    for (const conn of [...this.deps.directory.connectionsOf(uid)]) {
      if (conn.identity?.device !== device) continue;
      if (conn === caller) this.deps.directory.unbind(conn);
      else conn.close(DISCONNECT.SIGNED_OUT);
    }
  }

  private async authenticate(conn: Connection, envelope: Envelope): Promise<void> {
    try {
      const { credential } = readAuthenticate(envelope.data);
      const claims = await this.deps.accounts.verifyCredential(credential);
      const isNew = this.attach(conn, claims);
      conn.reply(envelope.seq, { action: 'notify.success', data: { uid: String(claims.uid), device: claims.device } });
      if (isNew) this.announce(conn);
    } catch (err) {
      if (!isGlideError(err)) throw err;
      this.deps.log.debug({ conn: conn.id, code: err.code }, 'authenticate refused');
      conn.reply(envelope.seq, { action: 'notify.error', msg: err.message });
    }
  }

  private async tokenAuth(conn: Connection, envelope: Envelope): Promise<void> {
    try {
      const { token } = readApiAuth(envelope.data);
      const claims = await this.deps.accounts.verifyToken(token);
      const isNew = this.attach(conn, claims);
      conn.reply(envelope.seq, { action: 'api.success', data: writeApiAuthReply(conn.dialect, { uid: claims.uid, token, servers: this.deps.accounts.servers() }) });
      if (isNew) this.announce(conn);
    } catch (err) {
      if (!isGlideError(err)) throw err;
      this.deps.log.debug({ conn: conn.id, code: err.code }, 'token sign-in refused');
      conn.reply(envelope.seq, { action: 'api.failed', data: { Code: 1001, Msg: err.message } });
    }
  }
}
