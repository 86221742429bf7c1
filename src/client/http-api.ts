/**
 * Typed wrappers for every Glide route. The same wrappers run over HTTP (`httpCaller`) or over the
 * long connection (`api.<path>` actions), so the client can sync on its socket and an app can call
 * routes before it connects.
 */
import {
  asList,
  asRecord,
  flag,
  num,
  readAuthResult,
  readChatResponse,
  readGroupInfo,
  readGroupMember,
  readGroupResponse,
  readGroupState,
  readSessionLine,
  readUserInfo,
  text,
  type AppInfo,
  type PushConfig,
  type PushRegistration,
  type PushTestResult,
  type AuthResult,
  type Contact,
  type GroupInfo,
  type GroupMember,
  type GroupReader,
  type GroupState,
  type Profile,
  type SessionLine,
  type SearchOptions,
  type SearchPage,
  type SyncPage,
  type UserInfo,
} from './api-types.js';
import { newCliMid } from './cli-mid.js';
import { GlideClientError } from './errors.js';
import type { Message, MessageRevision, PinnedMessage } from './types.js';

export type HttpMethod = 'GET' | 'POST';

/** Runs a route and returns its `Data`; throws GlideClientError API_ERROR / NETWORK / AUTH_FAILED. */
export type ApiCaller = (path: string, body: object, method: HttpMethod) => Promise<unknown>;

const SUCCESS = 100;

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string | FormData }) => Promise<{ status: number; json(): Promise<unknown> }>;

/** Calls `<baseUrl>/api/<path>` with the bearer token `token()` returns. */
export function httpCaller(baseUrl: string, token: () => string | undefined, fetchImpl?: FetchLike): ApiCaller {
  const base = baseUrl.replace(/\/+$/, '');
  return async (path, body, method) => {
    const doFetch = fetchImpl ?? (globalThis.fetch as FetchLike | undefined);
    if (!doFetch) throw new GlideClientError('NETWORK', 'no fetch available: pass one in the client options');
    const headers: Record<string, string> = {};
    const bearer = token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (method === 'POST') headers['content-type'] = 'application/json';
    let status: number;
    let reply: unknown;
    try {
      const response = await doFetch(`${base}/api/${path}`, { method, headers, ...(method === 'POST' ? { body: JSON.stringify(body) } : {}) });
      status = response.status;
      reply = await response.json();
    } catch (err) {
      throw new GlideClientError('NETWORK', `${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    return unwrap(path, reply, status);
  };
}

/** `Data` of a `{Code, Msg, Data}` reply, or the error it stands for. */
export function unwrap(path: string, reply: unknown, httpStatus?: number): unknown {
  const body = asRecord(reply);
  const code = num(body, 'Code');
  if (code === SUCCESS) return body.Data ?? body.data;
  const message = `${path}: ${text(body, 'Msg') || 'request failed'}`;
  const detail = { apiCode: code, ...(httpStatus === undefined ? {} : { httpStatus }) };
  throw new GlideClientError(httpStatus === 401 ? 'AUTH_FAILED' : 'API_ERROR', message, detail);
}

/** GlideIM's `Code` for a wrong account or password. */
const BAD_ACCOUNT_OR_PASSWORD = 1002;
const TOO_MANY_REQUESTS = 429;

/** A refused sign-in as SIGNIN_FAILED, so an app tells it from other API errors without knowing GlideIM's codes. */
async function asSigninFailure<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    const isRefused = err instanceof GlideClientError && err.code === 'API_ERROR' && (err.detail.apiCode === BAD_ACCOUNT_OR_PASSWORD || err.detail.httpStatus === TOO_MANY_REQUESTS);
    if (!isRefused) throw err;
    throw new GlideClientError('SIGNIN_FAILED', err.message, err.detail);
  }
}

/** Where a change goes: `gid` for a group message; `cliMid` makes a retry the same change (one is made when absent). */
export interface ChangeOptions {
  gid?: number;
  cliMid?: string;
}

/** A stored change: its mid, the caller's seq for it, its time. */
export interface ChangeResult {
  mid: number;
  seq: number;
  at: number;
}

function readChangeResult(data: unknown): ChangeResult {
  const w = asRecord(data);
  return { mid: num(w, 'Mid'), seq: num(w, 'Seq'), at: num(w, 'At') };
}

/** The routes, grouped by area. `self()` is the signed-in uid, used to tell own messages apart. */
export class GlideApi {
  constructor(
    private readonly call: ApiCaller,
    private readonly self: () => number,
  ) {}

  readonly auth = {
    register: async (input: { account: string; password: string; nickname?: string; email?: string }): Promise<void> => {
      await this.post('auth/register', { Account: input.account, Password: input.password, ...(input.nickname ? { Nickname: input.nickname } : {}), ...(input.email ? { Email: input.email } : {}) });
    },
    /** Throws SIGNIN_FAILED for a wrong account or password, or too many failed attempts. */
    signIn: async (input: { account: string; password: string; device?: number }): Promise<AuthResult> =>
      readAuthResult(await asSigninFailure(this.post('auth/signin_v2', { Account: input.account, Password: input.password, Device: input.device ?? 2 }))),
    guest: async (input: { nickname?: string; avatar?: string } = {}): Promise<AuthResult> =>
      readAuthResult(await this.post('auth/guest', { ...(input.nickname ? { Nickname: input.nickname } : {}), ...(input.avatar ? { Avatar: input.avatar } : {}) })),
    /** A fresh sign-in result for a still-valid token. */
    refresh: async (token: string): Promise<AuthResult> => readAuthResult(await this.post('auth/token', { Token: token })),
    logout: async (): Promise<void> => {
      await this.post('auth/logout', {});
    },
  };

  readonly users = {
    info: async (uids: readonly number[]): Promise<UserInfo[]> => asList(await this.post('user/info', { Uid: [...uids] })).map(readUserInfo),
    profile: async (): Promise<Profile> => {
      const w = asRecord(await this.post('user/profile', {}));
      return { ...readUserInfo(w), email: text(w, 'email', 'Email') };
    },
    /** A new `password` needs the current one in `oldPassword`; it signs the user's other devices out. */
    updateProfile: async (change: { nickname?: string; avatar?: string; password?: string; oldPassword?: string }): Promise<Profile> => {
      const w = asRecord(await this.post('user/profile/update', { Nickname: change.nickname, Avatar: change.avatar, Password: change.password, OldPassword: change.oldPassword }));
      return { ...readUserInfo(w), email: text(w, 'email', 'Email') };
    },
  };

  readonly contacts = {
    list: async (): Promise<Contact[]> => asList(await this.post('contacts/list', {})).map((w) => ({ uid: num(w, 'Id'), type: num(w, 'Type'), remark: text(w, 'Remark'), online: flag(w, 'Online') })),
    /** Adds to the caller's list and opens the 1:1 session for both users; presence flows once both added each other. */
    add: async (uid: number, remark = ''): Promise<void> => {
      await this.post('contacts/add', { Uid: uid, Remark: remark });
    },
    remove: async (uids: readonly number[]): Promise<void> => {
      await this.post('contacts/del', { Uid: [...uids] });
    },
    updateRemark: async (uid: number, remark: string): Promise<void> => {
      await this.post('contacts/update', { Uid: uid, Remark: remark });
    },
    approve: async (uid: number, agree: boolean, comment?: string): Promise<void> => {
      await this.post('contacts/approval', { Uid: uid, Agree: agree, ...(comment ? { Comment: comment } : {}) });
    },
  };

  readonly sessions = {
    /** Newest first, with real unread counts; group lines included (GlideIM's clients get only 1:1 lines). */
    recent: async (): Promise<SessionLine[]> => asList(await this.post('session/recent', { Groups: true })).map(readSessionLine),
    get: async (peer: number): Promise<SessionLine> => readSessionLine(asRecord(await this.post('session/get', { To: peer }))),
    ticket: async (peer: number): Promise<string> => text(asRecord(await this.post('session/ticket', { To: peer })), 'Ticket'),
    /** Marks a 1:1 line read up to `mid` (or a group line up to `seq`). */
    read: async (target: { peer: number; mid?: number } | { gid: number; seq?: number }): Promise<void> => {
      await this.post('session/read', 'gid' in target ? { Gid: target.gid, Seq: target.seq } : { To: target.peer, Mid: target.mid });
    },
    blacklist: async (): Promise<UserInfo[]> => asList(await this.call('session/blacklist', {}, 'GET')).map((w) => readUserInfo(asRecord(w.user_info))),
    block: async (uids: readonly number[]): Promise<void> => {
      await this.post('session/blacklist/add', { relative_ids: [...uids] });
    },
    unblock: async (uids: readonly number[]): Promise<void> => {
      await this.post('session/blacklist/remove', { relative_ids: [...uids] });
    },
  };

  readonly messages = {
    /** Server mids for clients that name messages by mid (G1 style). */
    newIds: async (count = 1): Promise<number[]> => {
      const w = asRecord(await this.post('msg/id', { Count: count }));
      return Array.isArray(w.Mids) ? w.Mids.map(Number) : [num(w, 'Mid')];
    },
    /** A 1:1 conversation, newest first. */
    chatHistory: async (peer: number, options: { beforeMid?: number; limit?: number } = {}): Promise<Message[]> =>
      asList(await this.post('msg/chat/history', { Uid: peer, ...(options.beforeMid ? { BeforeMid: options.beforeMid } : {}), ...(options.limit ? { Limit: options.limit } : {}) })).map((w) =>
        readChatResponse(w, this.self(), 'history'),
      ),
    offline: async (): Promise<Message[]> => asList(await this.post('msg/chat/offline', {})).map((w) => readChatResponse(w, this.self(), 'sync')),
    offlineAck: async (mids: readonly number[]): Promise<void> => {
      await this.post('msg/chat/offline/ack', { Mid: [...mids] });
    },
    /** The inbox after `after` (the last inbox seq the caller has), oldest first. */
    sync: async (after: number, limit?: number): Promise<SyncPage> => {
      const w = asRecord(await this.post('msg/sync', { After: after, ...(limit ? { Limit: limit } : {}) }));
      return { messages: asList(w.Messages).map((m) => readChatResponse(m, this.self(), 'sync')), lastSeq: num(w, 'LastSeq'), hasMore: flag(w, 'HasMore') };
    },
    groupHistory: async (gid: number, options: { beforeSeq?: number; limit?: number } = {}): Promise<Message[]> =>
      asList(await this.post('msg/group/history', { Gid: gid, ...(options.beforeSeq ? { BeforeSeq: options.beforeSeq } : {}), ...(options.limit ? { Limit: options.limit } : {}) })).map((w) =>
        readGroupResponse(w, this.self(), 'history'),
      ),
    /** Group messages with fromSeq <= seq <= toSeq, ascending (the server may return fewer: ask again). */
    groupRange: async (gid: number, fromSeq: number, toSeq: number): Promise<Message[]> =>
      asList(await this.post('msg/group/range', { Gid: gid, FromSeq: fromSeq, ToSeq: toSeq })).map((w) => readGroupResponse(w, this.self(), 'sync')),
    /** Members who read group message `seq` (members only; groups up to the server's read-receipt size). */
    groupReaders: async (gid: number, seq: number): Promise<GroupReader[]> => asList(await this.post('msg/group/readers', { Gid: gid, Seq: seq })).map((w) => ({ uid: num(w, 'Uid'), readSeq: num(w, 'ReadSeq') })),
    groupRecent: async (gid: number): Promise<Message[]> => asList(await this.post('msg/group/recent', { Gid: gid })).map((w) => readGroupResponse(w, this.self(), 'history')),
    groupState: async (gid: number): Promise<GroupState> => readGroupState(asRecord(await this.post('msg/group/state', { Gid: gid }))),
    groupStateAll: async (): Promise<GroupState[]> => asList(await this.post('msg/group/state/all', {})).map(readGroupState),
    /** Edits own text message `mid` (within the server's edit window); `gid` for a group message. Resolves once stored in the sequence. */
    edit: async (mid: number, content: string, options: ChangeOptions = {}): Promise<ChangeResult> =>
      readChangeResult(await this.post('msg/edit', { Mid: mid, Content: content, Gid: options.gid, CliMid: options.cliMid ?? newCliMid() })),
    /** Adds (or with `add` false removes) reaction `key` on a message the caller can read. */
    react: async (mid: number, key: string, add: boolean, options: ChangeOptions = {}): Promise<ChangeResult> =>
      readChangeResult(await this.post('msg/react', { Mid: mid, Key: key, Add: add, Gid: options.gid, CliMid: options.cliMid ?? newCliMid() })),
    /** Pins (or unpins) a message; in a group only owners and admins may. */
    pin: async (mid: number, pin: boolean, options: ChangeOptions = {}): Promise<ChangeResult> =>
      readChangeResult(await this.post('msg/pin', { Mid: mid, Pin: pin, Gid: options.gid, CliMid: options.cliMid ?? newCliMid() })),
    /** The pinned messages of a 1:1 conversation (`peer`) or a group (`gid`), newest pin first. */
    pins: async (target: { peer: number } | { gid: number }): Promise<PinnedMessage[]> =>
      asList(await this.post('msg/pins', 'gid' in target ? { Gid: target.gid } : { Uid: target.peer })).map((w) => ({ mid: num(w, 'Mid'), by: num(w, 'By'), at: num(w, 'At') })),
    /** Every text of the caller's own message, the original first. */
    revisions: async (mid: number, gid?: number): Promise<MessageRevision[]> =>
      asList(await this.post('msg/revisions', { Mid: mid, Gid: gid })).map((w) => ({ eventMid: num(w, 'EventMid'), content: text(w, 'Content'), at: num(w, 'At') })),
    /** Full-text search over the messages the caller can read (each term must occur; CJK by substring), newest first. */
    search: async (query: string, options: SearchOptions = {}): Promise<SearchPage> => {
      const { peer, gid, from, after, before, cursor, limit } = options;
      const w = asRecord(await this.post('msg/search', { Query: query, Peer: peer, Gid: gid, From: from, After: after, Before: before, Cursor: cursor, Limit: limit }));
      const messages = asList(w.Messages).map((m) => (num(asRecord(m), 'Gid') > 0 ? readGroupResponse(m, this.self(), 'history') : readChatResponse(m, this.self(), 'history')));
      const next = num(w, 'Cursor');
      return next > 0 ? { messages, cursor: next } : { messages };
    },
  };

  readonly groups = {
    create: async (name: string, members: readonly number[] = []): Promise<number> => num(asRecord(await this.post('group/create', { Name: name, Member: [...members] })), 'Gid'),
    info: async (gids: readonly number[]): Promise<GroupInfo[]> => asList(await this.post('group/info', { Gid: [...gids] })).map(readGroupInfo),
    members: async (gid: number): Promise<GroupMember[]> => asList(await this.post('group/members', { Gid: gid })).map(readGroupMember),
    join: async (gid: number): Promise<void> => {
      await this.post('group/join', { Gid: gid });
    },
    exit: async (gid: number): Promise<void> => {
      await this.post('group/exit', { Gid: gid });
    },
    invite: async (gid: number, uids: readonly number[]): Promise<void> => {
      await this.post('group/members/invite', { Gid: gid, Uid: [...uids] });
    },
    removeMembers: async (gid: number, uids: readonly number[]): Promise<void> => {
      await this.post('group/members/remove', { Gid: gid, Uid: [...uids] });
    },
    update: async (gid: number, change: { name?: string; avatar?: string; mute?: boolean }): Promise<void> => {
      await this.post('group/update', { Gid: gid, Name: change.name, Avatar: change.avatar, Mute: change.mute });
    },
    setRole: async (gid: number, uid: number, role: number): Promise<void> => {
      await this.post('group/members/role', { Gid: gid, Uid: uid, Type: role });
    },
    mute: async (gid: number, uid: number, mute: boolean): Promise<void> => {
      await this.post('group/members/mute', { Gid: gid, Uid: uid, Mute: mute });
    },
    dissolve: async (gid: number): Promise<void> => {
      await this.post('group/dissolve', { Gid: gid });
    },
  };

  /** Push endpoints of this device and the user's notification preferences. */
  readonly push = {
    /** The kinds the server takes and its VAPID public key (the browser's applicationServerKey). */
    config: async (): Promise<PushConfig> => {
      const w = asRecord(await this.post('push/config', {}));
      return { kinds: Array.isArray(w.Kinds) ? w.Kinds.map(String) : [], vapidPublicKey: text(w, 'VapidPublicKey') };
    },
    /** A Web Push subscription (`PushSubscription.toJSON()`), or an FCM / webhook token; returns its id. */
    register: async (registration: PushRegistration): Promise<number> =>
      num(asRecord(await this.post('push/register', registration.kind === 'webpush' ? { Kind: 'webpush', Endpoint: registration.endpoint, Keys: registration.keys } : { Kind: registration.kind, Token: registration.token })), 'Id'),
    /** Removes this user's endpoint; false when it had none. */
    unregister: async (registration: { kind: 'webpush'; endpoint: string } | { kind: 'fcm' | 'webhook'; token: string }): Promise<boolean> =>
      flag(asRecord(await this.post('push/unregister', registration.kind === 'webpush' ? { Kind: 'webpush', Endpoint: registration.endpoint } : { Kind: registration.kind, Token: registration.token })), 'Removed'),
    /** Mutes (or unmutes) notifications of one conversation: a user (`peer`) or a group (`gid`). */
    mute: async (target: { peer: number } | { gid: number }, mute: boolean): Promise<void> => {
      await this.post('push/mute', 'gid' in target ? { Type: 2, Id: target.gid, Mute: mute } : { Type: 1, Id: target.peer, Mute: mute });
    },
    doNotDisturb: async (on: boolean): Promise<void> => {
      await this.post('push/dnd', { On: on });
    },
    /** Sends a test notification to each of the user's endpoints; what each push service answered. */
    test: async (): Promise<PushTestResult[]> =>
      asList(await this.post('push/test', {})).map((w) => ({ id: num(w, 'Id'), kind: text(w, 'Kind'), outcome: text(w, 'Outcome'), status: num(w, 'Status'), detail: text(w, 'Detail') })),
  };

  readonly app = {
    info: async (): Promise<AppInfo> => {
      const w = asRecord(await this.call('app/info', {}, 'GET'));
      return { online: num(w, 'Online'), maxOnline: num(w, 'MaxOnline'), messagesSent: num(w, 'MessageSent'), startAt: num(w, 'StartAt') };
    },
  };

  private post(path: string, body: object): Promise<unknown> {
    // JSON drops undefined fields, so optional ones can be passed as they are.
    return this.call(path, JSON.parse(JSON.stringify(body)) as object, 'POST');
  }
}
