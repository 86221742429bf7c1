/**
 * The page's state around one GlideClient: who is signed in, contacts, groups, conversations with
 * their messages, ticks, unread counts and typing. Mutated in place; views re-render on notify().
 */
import { GlideClient, GROUP_NOTICE_TYPES, newCliMid, isClientError, isEventRow, storedGroupNotice, type ConversationKey, type GroupNotice, type Message, type StateChange } from '../client/index.js';
import { applyChange, askChange } from './message-changes.js';
import { sendOptionsOf, uiLinksOf, type SendLinks } from './links.js';
import { noticeText } from './notice-text.js';
import { subscribeToPush } from './web-push.js';

export type { Conversation, Tick, UiMessage } from './ui-types.js';
import type { Conversation, Tick, UiMessage } from './ui-types.js';

const SESSION_KEY = 'glide.session';
const PAGE = 30;
const TYPING_SHOWN_MS = 3_000;
export const RECALL_WINDOW_MS = 2 * 60_000;

export class ChatStore {
  client: GlideClient | undefined;
  me: { uid: number; account: string } | undefined;
  phase: 'signed-out' | 'connecting' | 'ready' = 'signed-out';
  connection: StateChange = { state: 'idle', attempt: 0 };
  notice = '';
  contacts: number[] = [];
  /** Contacts with an open connection, from contacts/list and then `presence` events. */
  online = new Set<number>();
  /** gid → name, for the groups this user is in. */
  readonly groups = new Map<number, string>();
  readonly names = new Map<number, string>();
  readonly conversations = new Map<ConversationKey, Conversation>();
  active: ConversationKey | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly delivered = new Set<number>();

  constructor(private readonly baseUrl: string) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** Signs in again with the token this tab saved, if any (each tab is its own session). */
  async resume(): Promise<void> {
    const token = sessionStorage.getItem(SESSION_KEY);
    if (token) await this.start(token, this.newClient());
  }

  register(account: string, password: string, nickname: string): Promise<void> {
    return this.attempt(async (client) => {
      await client.api.auth.register({ account, password, ...(nickname ? { nickname } : {}) });
      return (await client.api.auth.signIn({ account, password, device: 2 })).token;
    });
  }

  signIn(account: string, password: string): Promise<void> {
    return this.attempt(async (client) => (await client.api.auth.signIn({ account, password, device: 2 })).token);
  }

  guest(nickname: string): Promise<void> {
    return this.attempt(async (client) => (await client.api.auth.guest(nickname ? { nickname } : {})).token);
  }

  signOut(): void {
    this.client?.api.auth.logout().catch(() => undefined);
    this.reset('');
  }

  conversation(key: ConversationKey): Conversation {
    let conversation = this.conversations.get(key);
    if (!conversation) {
      const [kind, id] = key.split(':');
      conversation = { key, kind: kind === 'group' ? 'group' : 'chat', peer: Number(id), messages: [], unread: 0, lastActivity: 0, isHistoryLoaded: false, hasOlder: false, isLoadingOlder: false, typingUntil: 0, peerReadMid: 0 };
      this.conversations.set(key, conversation);
    }
    return conversation;
  }

  nameOf(uid: number): string {
    return this.names.get(uid) ?? `user ${uid}`;
  }

  titleOf(conversation: Conversation): string {
    return conversation.kind === 'group' ? (this.groups.get(conversation.peer) ?? `group ${conversation.peer}`) : this.nameOf(conversation.peer);
  }

  noticeLine(notice: GroupNotice): string {
    return noticeText(notice, (uid) => (uid === this.me?.uid ? 'you' : this.nameOf(uid)));
  }

  /** Adds `uid` (adding is mutual) and opens the chat; an existing contact is just opened. */
  async addContact(uid: number): Promise<void> {
    if (!this.contacts.includes(uid)) {
      await this.client!.api.contacts.add(uid);
      await this.loadContacts();
    }
    await this.open(`chat:${uid}`);
  }


  async removeContact(uid: number): Promise<void> {
    await this.client!.api.contacts.remove([uid]);
    if (this.active === `chat:${uid}`) this.active = undefined;
    await this.loadContacts();
  }

  async createGroup(name: string, members: number[]): Promise<void> {
    const gid = await this.client!.api.groups.create(name, members);
    await this.loadGroups();
    await this.open(`group:${gid}`);
  }

  async invite(gid: number, uid: number): Promise<void> {
    await this.client!.api.groups.invite(gid, [uid]);
  }

  async leave(gid: number): Promise<void> {
    await this.client!.api.groups.exit(gid);
    this.dropGroup(gid);
  }

  /** Opens a conversation: first history page, unread cleared, read receipt sent. */
  async open(key: ConversationKey | undefined): Promise<void> {
    this.active = key;
    this.notify();
    if (!key) return;
    const conversation = this.conversation(key);
    if (!conversation.isHistoryLoaded) {
      conversation.isHistoryLoaded = true;
      await this.loadOlder(conversation);
    }
    this.markRead(conversation);
  }

  async loadOlder(conversation: Conversation): Promise<void> {
    if (!this.client || conversation.isLoadingOlder) return;
    conversation.isLoadingOlder = true;
    this.notify();
    try {
      const oldest = conversation.messages.find((m) => m.mid > 0);
      const before = conversation.kind === 'group' ? oldest?.seq : oldest?.mid;
      const page = await this.client.history(conversation.key, { ...(before ? { before } : {}), limit: PAGE });
      for (const message of page) this.merge(message);
      conversation.hasOlder = page.length === PAGE;
    } finally {
      conversation.isLoadingOlder = false;
      this.notify();
    }
  }

  async send(conversation: Conversation, content: string, type = 1, links: SendLinks = {}): Promise<void> {
    const client = this.client!;
    const cliMid = `web-${newCliMid()}`;
    const shown = { ...(links.replyTo ? { replyTo: links.replyTo } : {}), ...(links.forwardFrom ? { forwardFrom: links.forwardFrom } : {}) };
    const pending: UiMessage = { key: cliMid, mid: 0, cliMid, from: client.uid, type, content, sendAt: Date.now(), isOwn: true, isRecalled: false, tick: 'pending', ...shown };
    const options = { cliMid, type, ...sendOptionsOf(links) };
    const wired = links.forwardMid ? '' : content;
    conversation.messages.push(pending);
    conversation.lastActivity = Date.now();
    this.notify();
    try {
      const { mid, seq } = conversation.kind === 'group' ? await client.sendGroup(conversation.peer, wired, options) : await client.send(conversation.peer, wired, options);
      Object.assign(pending, { mid, key: `m${mid}`, ...(conversation.kind === 'group' ? { seq } : {}) });
      if (pending.tick === 'pending') pending.tick = this.delivered.has(mid) ? 'delivered' : 'sent';
    } catch {
      pending.tick = 'failed';
    }
    this.notify();
  }

  /** Edit, react or pin; the change shows when its event comes back (on every device alike). */
  async change(conversation: Conversation, message: UiMessage, change: Parameters<typeof askChange>[3]): Promise<void> {
    try {
      await askChange(this.client!, conversation, message, change);
    } catch (err) {
      this.notice = `Failed: ${err instanceof Error ? err.message : String(err)}`;
      this.notify();
    }
  }

  async recall(conversation: Conversation, message: UiMessage): Promise<void> {
    try {
      await this.client!.recall(conversation.key, message.mid);
    } catch (err) {
      this.notice = `Recall failed: ${err instanceof Error ? err.message : String(err)}`;
      this.notify();
    }
  }

  typing(conversation: Conversation): void {
    if (conversation.kind === 'chat') this.client?.typing(conversation.peer);
  }

  private async attempt(getToken: (client: GlideClient) => Promise<string>): Promise<void> {
    const client = this.newClient();
    this.notice = '';
    try {
      await this.start(await getToken(client), client);
    } catch (err) {
      this.reset(err instanceof Error ? err.message.replace(/^[\w/]+: /, '') : String(err));
    }
  }

  private async start(token: string, client: GlideClient): Promise<void> {
    this.client = client;
    this.phase = 'connecting';
    this.notify();
    client.on('state', (change) => {
      this.connection = change;
      this.notify();
    });
    client.on('message', (message) => this.onMessage(message));
    client.on('groupMessage', (message) => this.onMessage(message));
    client.on('groupNotice', (notice) => this.onGroupNotice(notice));
    client.on('delivered', ({ mid }) => this.onDelivered(mid));
    client.on('read', (event) => event.kind === 'chat' && this.onRead(event.peer, event.mid));
    client.on('recall', ({ conversation, mid }) => this.onRecall(conversation, mid));
    client.on('messageChange', (change) => applyChange(this.conversation(change.conversation), change, this.me?.uid ?? 0) && this.notify());
    client.on('typing', ({ from }) => this.onTyping(from));
    client.on('presence', ({ uid, online }) => {
      if (online) this.online.add(uid);
      else this.online.delete(uid);
      this.notify();
    });
    client.on('contact', () => void this.loadContacts());
    client.on('kicked', () => this.reset('You signed in on another window or device.'));
    try {
      await client.connect(token);
    } catch (err) {
      return this.reset(isClientError(err, 'AUTH_FAILED') ? '' : String(err));
    }
    sessionStorage.setItem(SESSION_KEY, token);
    const profile = await client.api.users.profile();
    this.me = { uid: profile.uid, account: profile.account };
    this.names.set(profile.uid, profile.nickname || profile.account);
    await Promise.all([this.loadContacts(), this.loadGroups()]);
    // Notifications for a closed tab; a browser without push (or a refusal) changes nothing else.
    subscribeToPush(client.api).catch(() => undefined);
    // Rebuilt from the server, not from this tab: unread counts, how far each peer read, and each line's newest message as its preview.
    for (const line of await client.api.sessions.recent()) {
      const conversation = this.conversation(line.conversation);
      conversation.unread = line.unread;
      conversation.peerReadMid = Math.max(conversation.peerReadMid, line.peerReadMid);
      conversation.isMentioned = line.isMentioned;
      conversation.lastActivity = Math.max(conversation.lastActivity, line.updatedAt);
    }
    const active = [...this.conversations.values()].filter((c) => c.lastActivity > 0 && c.messages.length === 0);
    await Promise.all(active.map(async (c) => (await client.history(c.key, { limit: 1 })).forEach((m) => this.merge(m))));
    this.phase = 'ready';
    this.notify();
  }

  private async loadContacts(): Promise<void> {
    const client = this.client!;
    const listed = await client.api.contacts.list();
    this.contacts = listed.map((contact) => contact.uid);
    this.online = new Set(listed.filter((contact) => contact.online).map((contact) => contact.uid));
    await this.learnNames(this.contacts);
    for (const uid of this.contacts) this.conversation(`chat:${uid}`);
    this.notify();
  }

  private async loadGroups(): Promise<void> {
    const client = this.client!;
    const states = await client.api.messages.groupStateAll();
    const infos = states.length > 0 ? await client.api.groups.info(states.map((s) => s.gid)) : [];
    for (const info of infos) this.groups.set(info.gid, info.name);
    for (const state of states) this.conversation(`group:${state.gid}`).lastActivity ||= state.lastMsgAt;
    this.notify();
  }

  async learnNames(uids: readonly number[]): Promise<void> {
    const unknown = uids.filter((uid) => uid > 0 && !this.names.has(uid));
    if (unknown.length === 0 || !this.client) return;
    for (const user of await this.client.api.users.info(unknown)) this.names.set(user.uid, user.nickname || user.account);
  }

  private onMessage(message: Message): void {
    const conversation = this.merge(message);
    if (!conversation || message.isOwn) return;
    const strangers = [message.from, message.forward?.from ?? 0].filter((uid) => uid > 0 && !this.names.has(uid));
    if (strangers.length > 0) void this.learnNames(strangers).then(() => this.notify());
    conversation.typingUntil = 0;
    conversation.lastActivity = Math.max(conversation.lastActivity, message.sendAt);
    if (this.active === conversation.key && document.visibilityState === 'visible') this.markRead(conversation);
    else {
      conversation.unread++;
      if (message.isMentioned) conversation.isMentioned = true;
    }
    this.notify();
  }

  private onGroupNotice(notice: GroupNotice): void {
    const conversation = this.conversation(`group:${notice.gid}`);
    this.insert(conversation, { key: `n${notice.seq}`, mid: notice.mid ?? 0, seq: notice.seq, from: 0, type: 0, content: '', sendAt: notice.sendAt ?? Date.now(), isOwn: false, isRecalled: false, tick: 'sent', notice });
    const me = this.me?.uid ?? 0;
    const isAboutMe = notice.uids?.includes(me) ?? false;
    if (notice.type === GROUP_NOTICE_TYPES.DISSOLVED || (notice.type === GROUP_NOTICE_TYPES.MEMBER_REMOVED && isAboutMe)) this.dropGroup(notice.gid);
    else if (!this.groups.has(notice.gid)) void this.loadGroups();
    void this.learnNames([...(notice.uids ?? []), notice.by ?? 0]).then(() => this.notify());
    this.notify();
  }

  /** Puts a message in its conversation, ordered by mid, once. */
  private merge(message: Message): Conversation | undefined {
    // Change rows (group history pages) are not messages: their effect is on the message rows.
    if (isEventRow(message)) return undefined;
    const conversation = this.conversation(message.conversation);
    const notice = storedGroupNotice(message);
    const tick = this.tickOf(conversation, message);
    const ui: UiMessage = { key: notice ? `n${message.seq}` : `m${message.mid}`, mid: message.mid, ...(message.seq ? { seq: message.seq } : {}), from: message.from, type: message.type, content: message.content, sendAt: message.sendAt, isOwn: message.isOwn, isRecalled: message.status === 1, tick, ...(notice ? { notice } : {}), ...(message.editedAt ? { editedAt: message.editedAt } : {}), ...(message.reactions ? { reactions: message.reactions } : {}), ...uiLinksOf(message) };
    return this.insert(conversation, ui) ? conversation : undefined;
  }

  /** Ours only. A message the history holds has reached the peer, or the server's custody for them: delivered. */
  private tickOf(conversation: Conversation, message: Message): Tick {
    if (!message.isOwn) return 'sent';
    if (conversation.kind === 'chat' && message.mid <= conversation.peerReadMid) return 'read';
    return message.source === 'history' || this.delivered.has(message.mid) ? 'delivered' : 'sent';
  }

  private insert(conversation: Conversation, ui: UiMessage): boolean {
    if (conversation.messages.some((m) => m.key === ui.key || (ui.mid > 0 && m.mid === ui.mid))) return false;
    const at = conversation.messages.findIndex((m) => m.mid === 0 || m.mid > ui.mid);
    conversation.messages.splice(at === -1 ? conversation.messages.length : at, 0, ui);
    return true;
  }

  private markRead(conversation: Conversation): void {
    const last = [...conversation.messages].reverse().find((m) => !m.isOwn && m.mid > 0);
    conversation.unread = 0;
    conversation.isMentioned = false;
    this.notify();
    if (!last) return;
    const done = conversation.kind === 'group' ? this.client?.markGroupRead(conversation.peer, last.seq ?? 0) : this.client?.markRead(conversation.peer, last.mid);
    done?.catch(() => undefined);
  }

  private dropGroup(gid: number): void {
    this.groups.delete(gid);
    this.conversations.delete(`group:${gid}`);
    if (this.active === `group:${gid}`) this.active = undefined;
    this.notify();
  }

  private onDelivered(mid: number): void {
    this.delivered.add(mid);
    for (const conversation of this.conversations.values()) {
      const message = conversation.messages.find((m) => m.mid === mid);
      if (message && message.tick !== 'read') message.tick = 'delivered';
    }
    this.notify();
  }

  private onRead(peer: number, mid: number): void {
    const conversation = this.conversation(`chat:${peer}`);
    conversation.peerReadMid = Math.max(conversation.peerReadMid, mid);
    for (const message of conversation.messages) if (message.isOwn && message.mid > 0 && message.mid <= mid) message.tick = 'read';
    this.notify();
  }

  private onRecall(key: ConversationKey, mid: number): void {
    const message = this.conversation(key).messages.find((m) => m.mid === mid);
    if (message) message.isRecalled = true;
    this.notify();
  }

  private onTyping(from: number): void {
    this.conversation(`chat:${from}`).typingUntil = Date.now() + TYPING_SHOWN_MS;
    this.notify();
    setTimeout(() => this.notify(), TYPING_SHOWN_MS + 50);
  }

  private newClient(): GlideClient {
    return new GlideClient({ url: this.baseUrl });
  }

  private reset(notice: string): void {
    this.client?.close();
    this.client = undefined;
    this.me = undefined;
    this.phase = 'signed-out';
    this.notice = notice;
    this.contacts = [];
    this.groups.clear();
    this.conversations.clear();
    this.active = undefined;
    sessionStorage.removeItem(SESSION_KEY);
    this.notify();
  }
}
