/**
 * GlideClient: signs in over a long connection, keeps it up (heartbeat, reconnect with jittered
 * backoff, resync on every sign-in), sends with resend-until-ack, and reports everything as typed
 * events. The connection is a Link per attempt; pushes are handled by Inbound, sends by Outbox.
 */
import { sendLinks } from './message-links.js';
import { ACTIONS, DISCONNECT, readApiAuthReply, writeRecallContent, type ChatMessage, type Envelope } from '../protocol/index.js';
import { backoffDelay, readRetryAfterMs, retryAfterDelay } from './backoff.js';
import { DEFAULTS, type ClientOptions } from './client-options.js';
import { MemoryCache, type LocalCache } from './cache.js';
import { Emitter } from './emitter.js';
import { GlideClientError } from './errors.js';
import { newCliMid } from './cli-mid.js';
import { FileApi } from './files.js';
import { GlideApi, httpCaller, unwrap } from './http-api.js';
import { Inbound, toMessage } from './inbound.js';
import { Link, noticeText } from './link.js';
import { Outbox, type SendAction } from './outbox.js';
import { failoverTransport, globalWebSocket, webSocketTransport, wsUrlFor, type TransportFactory } from './transport.js';
import { MESSAGE_TYPES, type ClientEvents, type ConnectionState, type ConversationKey, type Message, type SendOptions, type SendResult } from './types.js';

export type { ClientOptions } from './client-options.js';

/** Close codes after which reconnecting cannot help (the disconnect catalog's `reconnect: false`). */
const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set(Object.values(DISCONNECT).flatMap((r) => (r.reconnect ? [] : [r.code])));
const KICKED_CODE = DISCONNECT.KICKED.code;
/** Frames about the connection itself, handled even before the sign-in reply (a goodbye may precede the close). */
const CONNECTION_ACTIONS: ReadonlySet<string> = new Set([ACTIONS.NOTIFY_FORBIDDEN, ACTIONS.NOTIFY_ERROR, ACTIONS.NOTIFY_KICKOUT]);


export class GlideClient {
  readonly api: GlideApi;
  /** Uploads and signed download links. */
  readonly files: FileApi;
  private readonly events = new Emitter<ClientEvents>((err) => this.events.emit('error', new GlideClientError('BAD_FRAME', 'an event listener threw', { cause: err })));
  private readonly settings: typeof DEFAULTS & ClientOptions;
  /** Made at the first connect, so a client that only registers or calls routes needs no WebSocket. */
  private transport: TransportFactory | undefined;
  private readonly cache: LocalCache;
  private readonly outbox: Outbox;
  private inbound: Inbound;
  private token: string | undefined;
  private signedInUid = 0;
  private currentState: ConnectionState = 'idle';
  private link: Link | undefined;
  private online: Link | undefined;
  /** Pushes that came on `link` before its sign-in reply was handled: replayed in order once online, as the signed-in user. */
  private early: Envelope[] = [];
  private attempt = 0;
  private isStopped = true;
  private closeNote: { code: number; reason: string; canReconnect: boolean } | undefined;
  /** The least wait before the next attempt: a node whose sign-in line was full said when to come back. */
  private retryAfterMs = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private isProbing = false;
  private cursorTimer: ReturnType<typeof setTimeout> | undefined;
  private firstOnline: { resolve(): void; reject(err: GlideClientError): void } | undefined;

  constructor(options: ClientOptions) {
    this.settings = { ...DEFAULTS, ...options, reconnect: { ...DEFAULTS.reconnect, ...options.reconnect } };
    this.cache = options.cache ?? new MemoryCache();
    const http = httpCaller(options.url, () => this.token, options.fetch);
    this.api = new GlideApi(http, () => this.signedInUid);
    this.files = new FileApi(options.url, () => this.token, http, options.fetch);
    this.transport = options.transport;
    this.outbox = new Outbox(this.settings, () => this.online, (action, message, result) => this.recordOwn(action, message, result));
    this.inbound = this.newInbound();
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /** The signed-in uid (0 before the first sign-in). */
  get uid(): number {
    return this.signedInUid;
  }

  on<K extends keyof ClientEvents>(name: K, listener: (event: ClientEvents[K]) => void): () => void {
    return this.events.on(name, listener);
  }

  off<K extends keyof ClientEvents>(name: K, listener: (event: ClientEvents[K]) => void): void {
    this.events.off(name, listener);
  }

  once<K extends keyof ClientEvents>(name: K, filter?: (event: ClientEvents[K]) => boolean): Promise<ClientEvents[K]> {
    return this.events.once(name, filter);
  }

  /** Signs in with account and password over HTTP, then connects. */
  async signIn(account: string, password: string): Promise<void> {
    const auth = await this.api.auth.signIn({ account, password, device: this.settings.device });
    await this.connect(auth.token);
  }

  /** Opens the connection and signs in with `token`. Resolves when online; rejects if the token is refused or close() is called first. */
  connect(token: string): Promise<void> {
    if (!this.isStopped) return Promise.reject(new GlideClientError('NOT_CONNECTED', 'already connecting or connected: close() first'));
    try {
      this.transport ??= this.defaultTransport();
    } catch (err) {
      return Promise.reject(err instanceof GlideClientError ? err : new GlideClientError('NOT_CONNECTED', String(err)));
    }
    this.token = token;
    this.isStopped = false;
    this.attempt = 0;
    return new Promise((resolve, reject) => {
      this.firstOnline = { resolve, reject };
      this.open();
    });
  }

  /** Closes for good: pending sends fail with CLOSED, no reconnect. */
  close(): void {
    this.stop('CLOSED', 'closed by the application');
    this.link?.close(1000, 'closed by client');
  }

  /** Sends a 1:1 message; resolves with the server's mid once stored (resent until acked). */
  send(to: number, content: string, options: SendOptions = {}): Promise<SendResult> {
    return this.submit(ACTIONS.MESSAGE_CHAT, to, content, options);
  }

  sendGroup(gid: number, content: string, options: SendOptions = {}): Promise<SendResult> {
    return this.submit(ACTIONS.MESSAGE_GROUP, gid, content, options);
  }

  /** Recalls own message `mid` in a conversation (within the server's window). */
  async recall(conversation: ConversationKey, mid: number): Promise<void> {
    const [kind, id] = splitConversation(conversation);
    const content = writeRecallContent('g2', { mid, recallBy: this.signedInUid });
    await this.submit(kind === 'group' ? ACTIONS.MESSAGE_GROUP_RECALL : ACTIONS.MESSAGE_CHAT_RECALL, id, content, { type: MESSAGE_TYPES.RECALL_NOTICE });
    const stored = await this.cache.getMessage(this.signedInUid, mid);
    if (stored) await this.cache.putMessages(this.signedInUid, [{ ...stored, status: 1 }]);
    this.events.emit('recall', { conversation, mid, by: this.signedInUid });
  }

  /** Read receipt up to `mid` from `peer` (notifies the peer); over HTTP when offline. */
  async markRead(peer: number, mid: number): Promise<void> {
    if (this.online) this.online.send(ACTIONS.ACK_READ, { mid, from: peer });
    else await this.api.sessions.read({ peer, mid });
  }

  async markGroupRead(gid: number, seq: number): Promise<void> {
    if (this.online) this.online.send(ACTIONS.ACK_READ, { gid, seq });
    else await this.api.sessions.read({ gid, seq });
  }

  /** Tells `to` that this user is typing (not stored; dropped while offline). */
  typing(to: number): void {
    this.online?.send(ACTIONS.MESSAGE_CLI, { to, type: MESSAGE_TYPES.TYPING, content: '' });
  }

  /** Any client-to-client signal (not stored). */
  signal(to: number, type: number, content: string): void {
    this.online?.send(ACTIONS.MESSAGE_CLI, { to, type, content });
  }

  /** A page of a conversation, newest first, from the server (kept in the cache). `before` is a mid for 1:1, a seq for groups. */
  async history(conversation: ConversationKey, options: { before?: number; limit?: number } = {}): Promise<Message[]> {
    const [kind, id] = splitConversation(conversation);
    const page =
      kind === 'group'
        ? await this.api.messages.groupHistory(id, { ...(options.before ? { beforeSeq: options.before } : {}), limit: options.limit ?? 30 })
        : await this.api.messages.chatHistory(id, { ...(options.before ? { beforeMid: options.before } : {}), limit: options.limit ?? 30 });
    await this.cache.putMessages(this.signedInUid, page);
    return page;
  }

  /** A page from the local cache only, newest first. */
  cached(conversation: ConversationKey, options: { beforeMid?: number; limit?: number } = {}): Promise<Message[]> {
    return this.cache.listMessages(this.signedInUid, conversation, { ...options, limit: options.limit ?? 30 });
  }

  private submit(action: SendAction, to: number, content: string, options: SendOptions): Promise<SendResult> {
    if (this.isStopped) return Promise.reject(new GlideClientError('NOT_CONNECTED', 'connect() first'));
    const message = { cliMid: options.cliMid ?? newCliMid(), to, type: options.type ?? MESSAGE_TYPES.TEXT, content, sendAt: Date.now(), ...sendLinks(options) };
    return this.outbox.submit(action, message);
  }

  private recordOwn(action: SendAction, wire: ChatMessage, result: SendResult): void {
    if (action !== ACTIONS.MESSAGE_CHAT && action !== ACTIONS.MESSAGE_GROUP) return;
    const kind = action === ACTIONS.MESSAGE_GROUP ? 'group' : 'chat';
    this.inbound.ownSent(toMessage({ ...wire, mid: result.mid, seq: result.seq, from: this.signedInUid }, this.signedInUid, kind, 'sent'));
  }

  private open(): void {
    // A retry stays in 'reconnecting', announced with its delay when the last connection ended.
    if (this.attempt === 0) this.setState('connecting');
    this.closeNote = undefined;
    this.early = [];
    if (!this.transport) throw new Error('open() before connect() made the transport');
    this.link = new Link(this.transport, this.settings.codec ?? 'json', {
      onOpen: (link) => this.run(this.signInOn(link)),
      onPush: (link, envelope) => {
        if (link !== this.link) return;
        if (link !== this.online && !CONNECTION_ACTIONS.has(envelope.action)) this.early.push(envelope);
        else this.handlePush(link, envelope);
      },
      onClose: (link, code, reason) => this.closed(link, code, reason),
      onBadFrame: (_link, err) => this.events.emit('error', new GlideClientError('BAD_FRAME', 'a frame did not decode', { cause: err })),
    });
  }

  private async signInOn(link: Link): Promise<void> {
    let reply;
    try {
      reply = await link.request(ACTIONS.API_AUTH, { Token: this.token }, this.settings.requestTimeoutMs);
    } catch (err) {
      // No answer to the sign-in: this connection is no good, try another.
      link.close(DISCONNECT.HEARTBEAT_TIMEOUT.code, 'no reply to the sign-in');
      throw err;
    }
    if (link !== this.link) return;
    const retryAfterMs = reply.action === ACTIONS.API_FAILED ? readRetryAfterMs(reply.data) : undefined;
    if (retryAfterMs !== undefined) {
      // The node is busy, not the token bad: come back as told (the next attempt may go to another node).
      this.retryAfterMs = retryAfterDelay(retryAfterMs);
      link.close(1000, 'sign-in busy');
      return;
    }
    if (reply.action !== ACTIONS.API_SUCCESS) {
      const text = reply.action === ACTIONS.API_FAILED ? (reply.data as { Msg?: string } | undefined)?.Msg : noticeText(reply);
      this.stop('AUTH_FAILED', `sign-in refused: ${text ?? reply.action}`);
      link.close(1000, 'sign-in refused');
      return;
    }
    const { uid } = readApiAuthReply(reply.data);
    if (uid !== this.signedInUid) {
      this.inbound.stop();
      this.inbound = this.newInbound(uid);
      this.inbound.restore(await this.cache.getCursors(uid));
    }
    if (link !== this.link) return;
    this.online = link;
    this.attempt = 0;
    this.setState('online');
    this.firstOnline?.resolve();
    this.firstOnline = undefined;
    this.startHeartbeat(link);
    for (const envelope of this.early.splice(0)) this.handlePush(link, envelope);
    this.outbox.flush(link);
    this.run(this.catchUp(link));
  }

  private handlePush(link: Link, envelope: Envelope): void {
    try {
      this.inbound.handle(link, envelope);
    } catch (err) {
      this.events.emit('error', new GlideClientError('BAD_FRAME', `${envelope.action}: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
    }
  }

  private async catchUp(link: Link): Promise<void> {
    // Acks of the resent messages first, so the sync does not show our own sends as new.
    await this.outbox.whenEmpty(this.settings.ackTimeoutMs);
    if (this.online === link) await this.inbound.caughtUp(link);
  }

  private closed(link: Link, code: number | undefined, reason: string): void {
    if (link !== this.link) return;
    this.link = undefined;
    this.online = undefined;
    this.early = [];
    this.stopHeartbeat();
    if (this.isStopped) return;
    const note = this.closeNote;
    const finalCode = code !== undefined && FINAL_CLOSE_CODES.has(code) ? code : note && !note.canReconnect ? note.code : undefined;
    if (finalCode === KICKED_CODE) return this.kicked(note?.reason ?? reason);
    if (finalCode !== undefined) return this.stop('CLOSED', `connection closed: ${note?.reason ?? reason}`);
    // A wait the node asked for (already jittered) replaces the backoff and does not grow it: the node
    // paces its own storm, and a client refused a few times must not drift to the 30 s cap.
    const delayMs = this.retryAfterMs > 0 ? this.retryAfterMs : backoffDelay(this.attempt++, this.settings.reconnect);
    this.retryAfterMs = 0;
    this.setState('reconnecting', { delayMs, reason: note?.reason ?? reason });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.isStopped) this.open();
    }, delayMs);
  }

  private kicked(reason: string, device?: number): void {
    if (this.isStopped) return;
    this.events.emit('kicked', { reason, ...(device === undefined ? {} : { device }) });
    this.stop('CLOSED', `kicked: ${reason}`);
  }

  /** Ends the client: pending sends and a waiting connect() reject with `code`; no reconnect. */
  private stop(code: 'CLOSED' | 'AUTH_FAILED', message: string): void {
    if (this.isStopped) return;
    this.isStopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.stopHeartbeat();
    this.inbound.stop();
    this.flushCursors();
    const err = new GlideClientError(code, message);
    this.outbox.clear(err);
    this.firstOnline?.reject(err);
    this.firstOnline = undefined;
    this.online = undefined;
    this.setState('closed', { reason: message });
  }

  private startHeartbeat(link: Link): void {
    this.stopHeartbeat();
    const interval = this.settings.heartbeatIntervalMs;
    this.heartbeatTimer = setInterval(() => {
      const now = Date.now();
      if (now - link.lastSentAt >= interval * 0.8) link.send(ACTIONS.HEARTBEAT);
      // Silence from the server: ask something it must answer; no answer means a dead connection.
      if (now - link.lastReceivedAt < interval || this.isProbing) return;
      this.isProbing = true;
      link
        .request('api.app.info', {}, this.settings.requestTimeoutMs)
        .catch(() => link.close(DISCONNECT.HEARTBEAT_TIMEOUT.code, 'no reply from the server'))
        .finally(() => (this.isProbing = false));
    }, Math.max(50, Math.floor(interval / 3)));
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    this.isProbing = false;
  }

  private setState(state: ConnectionState, extra: { delayMs?: number; reason?: string } = {}): void {
    this.currentState = state;
    this.events.emit('state', { state, attempt: this.attempt, ...extra });
  }

  private newInbound(uid = 0): Inbound {
    this.signedInUid = uid;
    return new Inbound({
      uid,
      cache: this.cache,
      outbox: this.outbox,
      events: this.events,
      syncPageSize: this.settings.syncPageSize,
      gapWaitMs: this.settings.gapWaitMs,
      socketApi: (link) => new GlideApi(async (path, body) => {
        const reply = await link.request(`api.${path.replaceAll('/', '.')}`, body, this.settings.requestTimeoutMs);
        if (reply.action === ACTIONS.API_SUCCESS) return reply.data;
        if (reply.action === ACTIONS.API_FAILED) return unwrap(path, reply.data);
        throw new GlideClientError('API_ERROR', `${path}: ${noticeText(reply)}`);
      }, () => uid),
      currentLink: () => this.online,
      cursorsChanged: () => this.scheduleCursorSave(),
      kicked: (reason, device) => this.kicked(reason, device),
      goodbye: (code, reason, canReconnect) => (this.closeNote = { code, reason, canReconnect }),
    });
  }

  private scheduleCursorSave(): void {
    if (this.cursorTimer) return;
    this.cursorTimer = setTimeout(() => this.flushCursors(), 200);
  }

  private flushCursors(): void {
    if (this.cursorTimer) clearTimeout(this.cursorTimer);
    this.cursorTimer = undefined;
    if (this.signedInUid === 0) return;
    this.run(this.cache.setCursors(this.signedInUid, this.inbound.cursors()));
  }

  private run(work: Promise<void>): void {
    work.catch((err: unknown) => {
      if (err instanceof GlideClientError && err.code === 'DISCONNECTED') return;
      this.events.emit('error', err instanceof GlideClientError ? err : new GlideClientError('SYNC_FAILED', String(err), { cause: err }));
    });
  }

  private defaultTransport(): TransportFactory {
    const WebSocketImpl = this.settings.WebSocket ?? globalWebSocket();
    if (!WebSocketImpl) throw new GlideClientError('NOT_CONNECTED', 'no WebSocket available: pass options.WebSocket (on Node 20: `import { WebSocket } from "ws"`)');
    const urls = this.settings.wsUrls?.length ? this.settings.wsUrls : [this.settings.wsUrl ?? wsUrlFor(this.settings.url)];
    return failoverTransport(urls.map((url) => webSocketTransport(url, WebSocketImpl)));
  }
}

function splitConversation(conversation: ConversationKey): ['chat' | 'group', number] {
  const [kind, id] = conversation.split(':');
  return [kind === 'group' ? 'group' : 'chat', Number(id)];
}
