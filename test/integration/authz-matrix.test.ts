/**
 * The authorisation matrix: every HTTP route and every socket action × {no token, malformed, expired,
 * revoked, another user's token, a non-member, a muted member, a blacklisted sender}. Each cell is the
 * exact refusal or n/a with a reason. Route cells are checked over HTTP and again as `api.<path>` on the
 * long connection. A route or action without a row fails the first test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkActionCell, checkHttpCell, checkRouteOverSocket, failedSend, http, na, reply, silent, tableProblems, type ActionRow, type Cells, type Mismatch, type RouteRow } from '../helpers/authz-cells.js';
import { COLUMNS, createAuthzFixture, isTokenColumn, type AuthzFixture } from '../helpers/authz-fixture.js';

const UNAUTHORIZED = http(401, 1001);
const BAD_TOKENS = { malformed: UNAUTHORIZED, expired: UNAUTHORIZED, revoked: UNAUTHORIZED };
const PRIVATE = { noToken: UNAUTHORIZED, ...BAD_TOKENS };
const NOT_GROUP = na('names no group');
const NOT_PEER = na('names no other user');
const OWN = na('acts only on the caller’s own data');
const MUTE_READS = na('muting only stops posting; a muted member may still read and invite');
const BLACKLIST_SCOPE = na('the blacklist covers 1:1 messages, signals, receipts, tickets and contact requests, not groups');
const ANY_MEMBER = na('any member may do this');
/**
 * Public routes run anonymously whatever the bearer: no, a malformed, an expired or a revoked token gets
 * the route's own answer to `body` (a stale token once made sign-in itself fail with 401).
 */
function publicRoute(body: RouteRow['body'], status: number, code: number): RouteRow {
  const answer = http(status, code);
  return { body, noToken: answer, malformed: answer, expired: answer, revoked: answer, other: NOT_PEER, nonMember: NOT_GROUP, muted: NOT_GROUP, blacklisted: NOT_PEER };
}
/** Private routes that touch only the caller's own rows. */
const SELF: Cells = { ...PRIVATE, other: OWN, nonMember: NOT_GROUP, muted: NOT_GROUP, blacklisted: OWN };
/** Group routes only members may use. */
const MEMBERS_ONLY = { ...PRIVATE, other: na('members may read the group'), nonMember: http(200, 3003), muted: MUTE_READS, blacklisted: BLACKLIST_SCOPE };
/** Group routes only the owner (or an admin) may use: a plain, a muted and a non-member are all refused. */
const MANAGERS_ONLY = { ...PRIVATE, other: http(200, 3003), nonMember: http(200, 3003), muted: http(200, 3003), blacklisted: BLACKLIST_SCOPE };

/** A fresh unknown account per sign-in, so the per-account failure throttle never answers instead. */
let unknownAccounts = 0;

const ROUTES: Record<string, RouteRow> = {
  'auth/register': publicRoute(() => ({ Password: 'no account given' }), 400, 300),
  'auth/verifyCode': publicRoute(() => ({ Email: 'someone@example.com' }), 200, 100),
  'auth/signin': publicRoute(() => ({ Account: `nobody-${++unknownAccounts}`, Password: 'wrong' }), 200, 1002),
  'auth/signin_v2': publicRoute(() => ({ Account: `nobody-${++unknownAccounts}`, Password: 'wrong' }), 200, 1002),
  'auth/guest': publicRoute(() => ({ Nickname: 'n'.repeat(65) }), 400, 300),
  'auth/token': publicRoute((f) => ({ Token: f.users.outsider.token }), 200, 100),
  'app/info': publicRoute(undefined, 200, 100),
  'auth/logout': { ...SELF, other: na('signs out the caller’s own device') },
  'user/info': { ...SELF, body: (f) => ({ Uid: [f.users.owner.uid] }), other: na('profiles are public to signed-in users'), blacklisted: na('profiles are public to signed-in users') },
  'user/profile': SELF,
  'user/profile/update': SELF,
  'contacts/list': SELF,
  'contacts/add': { ...SELF, body: (f) => ({ Uid: f.users.owner.uid }), other: na('adds to the caller’s own list only (approval is off)'), blacklisted: http(200, 1001) },
  'contacts/del': { ...SELF, body: (f) => ({ Uid: [f.users.member.uid] }) },
  'contacts/update': { ...SELF, body: (f) => ({ Uid: f.users.member.uid, Remark: 'mine now' }), other: http(200, 1001, 'outsider') },
  'contacts/approval': { ...SELF, body: (f) => ({ Uid: f.users.owner.uid, Agree: true }), other: na('approval is off: agreeing adds, as contacts/add does'), blacklisted: http(200, 1001) },
  'msg/id': SELF,
  'msg/chat/history': { ...SELF, body: (f) => ({ Uid: f.users.member.uid }), other: na('returns only the caller’s own conversation with Uid') },
  'msg/chat/offline': SELF,
  'msg/chat/offline/ack': { ...SELF, body: (f) => ({ Mid: [f.chatMid] }) },
  'msg/sync': { ...SELF, body: () => ({ After: 0 }) },
  'group/create': { ...SELF, body: (f) => ({ Name: 'x', Member: [f.users.owner.uid] }), blacklisted: BLACKLIST_SCOPE },
  'group/info': { ...SELF, body: (f) => ({ Gid: [f.gid] }), other: na('group cards are public to signed-in users'), nonMember: na('group cards are public to signed-in users'), muted: MUTE_READS, blacklisted: BLACKLIST_SCOPE },
  'group/members': { ...MEMBERS_ONLY, body: (f) => ({ Gid: f.gid }) },
  'group/join': { ...PRIVATE, body: (f) => ({ Gid: f.gid }), other: na('the member is in the group already'), nonMember: na('joining is how a non-member becomes one'), muted: na('already a member'), blacklisted: BLACKLIST_SCOPE },
  'group/exit': { ...MEMBERS_ONLY, body: (f) => ({ Gid: f.gid }), other: na('leaving is the member’s own choice'), muted: na('leaving is always allowed') },
  'group/members/invite': { ...MEMBERS_ONLY, body: (f) => ({ Gid: f.gid, Uid: [f.users.blocked.uid] }), other: ANY_MEMBER },
  'group/members/remove': { ...MANAGERS_ONLY, body: (f) => ({ Gid: f.gid, Uid: [f.users.member.uid] }) },
  'group/update': { ...MANAGERS_ONLY, body: (f) => ({ Gid: f.gid, Name: 'renamed' }) },
  'group/members/role': { ...MANAGERS_ONLY, body: (f) => ({ Gid: f.gid, Uid: f.users.member.uid, Type: 2 }) },
  'group/members/mute': { ...MANAGERS_ONLY, body: (f) => ({ Gid: f.gid, Uid: f.users.member.uid, Mute: true }) },
  'group/dissolve': { ...MANAGERS_ONLY, body: (f) => ({ Gid: f.gid }) },
  'msg/group/history': { ...MEMBERS_ONLY, body: (f) => ({ Gid: f.gid }) },
  'msg/group/range': { ...MEMBERS_ONLY, body: (f) => ({ Gid: f.gid, FromSeq: 1, ToSeq: 10 }) },
  'msg/group/recent': { ...MEMBERS_ONLY, body: (f) => ({ Gid: f.gid }) },
  'msg/group/state': { ...MEMBERS_ONLY, body: (f) => ({ Gid: f.gid }) },
  'msg/group/state/all': SELF,
  'msg/group/readers': { ...MEMBERS_ONLY, body: (f) => ({ Gid: f.gid, Seq: f.groupSeq }) },
  // The owner's 1:1 message to member: only its sender edits, and only its sender reads the original.
  'msg/edit': { ...PRIVATE, body: (f) => ({ Mid: f.chatMid, Content: 'not yours' }), other: http(200, 4002), nonMember: http(200, 4001), muted: na('muting is a group rule; this edits a 1:1 message'), blacklisted: http(200, 4001) },
  'msg/revisions': { ...PRIVATE, body: (f) => ({ Mid: f.chatMid }), other: http(200, 4002), nonMember: http(200, 4002), muted: na('muting is a group rule; this reads a 1:1 message'), blacklisted: http(200, 4002) },
  // The owner's 1:1 message to blocked: only its parties react, and not one the other party blocked.
  'msg/react': { ...PRIVATE, body: (f) => ({ Mid: f.blockedChatMid, Key: '👍', Add: true }), other: http(200, 4001), nonMember: http(200, 4001), muted: na('muting is a group rule; this reacts to a 1:1 message'), blacklisted: http(200, 1001) },
  // The owner's group post: only managers pin; a muted member adds nothing to the group.
  'msg/pin': { ...PRIVATE, body: (f) => ({ Mid: f.groupMid, Gid: f.gid, Pin: true }), other: http(200, 4004), nonMember: http(200, 3003), muted: http(200, 4004), blacklisted: BLACKLIST_SCOPE },
  'msg/pins': { ...MEMBERS_ONLY, body: (f) => ({ Gid: f.gid }) },
  'msg/search': {
    ...MEMBERS_ONLY,
    body: (f) => ({ Query: 'hello', Gid: f.gid }),
    other: na('returns only messages the caller can read (test/e2e/search.test.ts, the store contract)'),
    blacklisted: na('the blacklist stops new messages; what was exchanged stays the caller’s to search'),
  },
  'session/recent': SELF,
  'session/get': { ...SELF, body: (f) => ({ To: f.users.owner.uid }), other: na('opens the caller’s own line'), blacklisted: na('opens only the caller’s own line; nothing reaches the blocker') },
  'session/ticket': { ...SELF, body: (f) => ({ To: f.users.owner.uid }), other: na('a ticket for the caller’s own chats'), blacklisted: http(200, 1001) },
  'session/read': { ...SELF, body: (f) => ({ To: f.users.owner.uid }) },
  'session/blacklist': SELF,
  'session/blacklist/add': { ...SELF, body: (f) => ({ relative_ids: [f.users.owner.uid] }) },
  'session/blacklist/remove': { ...SELF, body: (f) => ({ relative_ids: [f.users.owner.uid] }) },
  'file/url': { ...SELF, body: () => ({ Id: 'x'.repeat(22) }), other: na('a file id is a capability: it is shared by sending it, and whoever holds it may read the file'), blacklisted: na('a file id is a capability, not a conversation') },
  'push/config': SELF,
  'push/register': { ...SELF, body: () => ({ Kind: 'webhook', Token: 'device-token' }) },
  'push/unregister': { ...SELF, body: () => ({ Kind: 'webhook', Token: 'device-token' }) },
  'push/mute': { ...SELF, body: (f) => ({ Type: 1, Id: f.users.owner.uid, Mute: true }), other: na('mutes notifications on the caller’s own devices only') },
  'push/dnd': { ...SELF, body: () => ({ On: false }) },
  'push/test': SELF,
};

const ANONYMOUS = { noToken: reply('notify.auth'), malformed: reply('notify.auth'), expired: reply('notify.auth'), revoked: reply('notify.auth') };
const SIGN_IN = { other: na('signs in as the credential’s own user'), nonMember: NOT_GROUP, muted: NOT_GROUP, blacklisted: NOT_PEER };
const KEEP_ALIVE = na('keep-alive: public and never answered');
const FROM_OVERWRITTEN = na('`from` is overwritten with the signed-in uid: one can only send as oneself');
let sent = 0;
const chat = (to: (f: AuthzFixture) => number, content: (f: AuthzFixture) => string = () => 'hi') => (f: AuthzFixture) => ({ cliMid: `authz-${++sent}`, to: String(to(f)), type: 1, content: content(f), sendAt: 1 });
const CHAT: Omit<ActionRow, 'data'> = { ...ANONYMOUS, other: FROM_OVERWRITTEN, nonMember: NOT_GROUP, muted: na('group mutes do not apply to 1:1 chat'), blacklisted: reply('notify.forbidden') };

const ACTIONS: Record<string, ActionRow> = {
  heartbeat: { data: () => ({}), noToken: KEEP_ALIVE, malformed: KEEP_ALIVE, expired: KEEP_ALIVE, revoked: KEEP_ALIVE, other: KEEP_ALIVE, nonMember: KEEP_ALIVE, muted: KEEP_ALIVE, blacklisted: KEEP_ALIVE },
  authenticate: { data: (f, c) => ({ credential: isTokenColumn(c) ? f.credentials[c] : undefined, version: 1 }), noToken: reply('notify.error'), malformed: reply('notify.error'), expired: reply('notify.error'), revoked: reply('notify.error'), ...SIGN_IN },
  'api.auth': { data: (f, c) => ({ Token: isTokenColumn(c) ? f.tokens[c] : undefined }), noToken: reply('api.failed'), malformed: reply('api.failed'), expired: reply('api.failed'), revoked: reply('api.failed'), ...SIGN_IN },
  'api.user.auth': { data: (f, c) => ({ Token: isTokenColumn(c) ? f.tokens[c] : undefined, Device: 1 }), noToken: reply('api.failed'), malformed: reply('api.failed'), expired: reply('api.failed'), revoked: reply('api.failed'), ...SIGN_IN },
  'message.chat': { data: chat((f) => f.users.owner.uid), ...CHAT },
  'message.chat.retry': { data: chat((f) => f.users.owner.uid), ...CHAT },
  'message.chat.resend': { data: chat((f) => f.users.owner.uid), ...CHAT },
  'message.chat.recall': {
    data: chat((f) => f.users.owner.uid, (f) => JSON.stringify({ mid: f.chatMid, recallBy: f.users.member.uid })),
    ...CHAT,
    other: failedSend(),
    blacklisted: na('recalling one’s own message stays allowed: it only removes content'),
  },
  'message.group': { data: chat((f) => f.gid), ...ANONYMOUS, other: na('members may post'), nonMember: reply('notify.forbidden'), muted: reply('notify.forbidden'), blacklisted: BLACKLIST_SCOPE },
  'message.group.recall': { data: chat((f) => f.gid, (f) => JSON.stringify({ mid: f.groupMid, recallBy: f.users.member.uid })), ...ANONYMOUS, other: failedSend(), nonMember: failedSend(), muted: failedSend(), blacklisted: BLACKLIST_SCOPE },
  'ack.request': { data: (f) => ({ mid: f.chatMid, from: String(f.users.owner.uid) }), ...ANONYMOUS, other: silent('outsider'), nonMember: NOT_GROUP, muted: NOT_GROUP, blacklisted: na('acks the caller’s own copy') },
  'ack.group.msg': { data: (f) => ({ gid: String(f.gid), mid: f.groupMid, seq: f.groupSeq }), ...ANONYMOUS, other: na('members move their own cursor'), nonMember: silent(), muted: na('members move their own cursor'), blacklisted: BLACKLIST_SCOPE },
  'ack.read': {
    data: (f, c) => (c === 'nonMember' ? { gid: String(f.gid), seq: f.groupSeq } : { mid: c === 'blacklisted' ? f.blockedChatMid : f.chatMid, from: String(f.users.owner.uid) }),
    ...ANONYMOUS,
    other: reply('notify.error', 'PROTO_BAD_PAYLOAD', 'outsider'),
    nonMember: reply('notify.error', 'GROUP_NOT_MEMBER'),
    muted: MUTE_READS,
    blacklisted: reply('notify.error', 'CONTACT_BLOCKED'),
  },
  'message.cli': { data: (f) => ({ to: String(f.users.owner.uid), type: 10020, content: '' }), ...ANONYMOUS, other: FROM_OVERWRITTEN, nonMember: NOT_GROUP, muted: NOT_GROUP, blacklisted: reply('notify.forbidden') },
};

/**
 * Replies and forwards name another message: the sender must be able to read it (a party of its 1:1
 * chat, a member who sees it). Rows keyed `<action> <field>`; the action is the key's first word.
 */
const linked = (to: (f: AuthzFixture) => number, link: (f: AuthzFixture) => Record<string, number>) => (f: AuthzFixture) => ({ ...chat(to)(f), ...link(f) });
const LINKS: Record<string, ActionRow> = {
  'message.chat replyTo': {
    data: linked((f) => f.users.owner.uid, (f) => ({ replyTo: f.chatMid })),
    ...CHAT,
    other: na('the member is a party of that conversation: it may reply'),
    nonMember: failedSend(),
    muted: failedSend(),
  },
  'message.chat forwardMid': {
    data: linked((f) => f.users.owner.uid, (f) => ({ forwardMid: f.groupMid })),
    ...CHAT,
    other: na('a member reads the group message: it may forward it'),
    nonMember: failedSend(),
    muted: na('a muted member still reads the group: it may forward it'),
  },
  'message.group replyTo': {
    data: linked((f) => f.gid, (f) => ({ replyTo: f.groupMid })),
    ...ANONYMOUS,
    other: na('members may reply'),
    nonMember: failedSend(),
    muted: reply('notify.forbidden'),
    blacklisted: BLACKLIST_SCOPE,
  },
};

describe('authorisation matrix', () => {
  let f: AuthzFixture;

  beforeAll(async () => {
    f = await createAuthzFixture();
  }, 30_000);
  afterAll(async () => {
    await f?.close();
  });

  it('has a complete row for every HTTP route and every socket action', () => {
    expect(Object.keys(ROUTES).sort()).toEqual(f.server.app.routes.describe().map((route) => route.path).sort());
    expect([...Object.keys(ACTIONS), 'api.*'].sort()).toEqual(f.server.app.router.actions().sort());
    expect(tableProblems({ ...ROUTES, ...ACTIONS })).toEqual([]);
  });

  it('refuses every HTTP route as the table says', async () => {
    const mismatches: Mismatch[] = [];
    for (const route of f.server.app.routes.describe()) {
      for (const column of COLUMNS) {
        const mismatch = await checkHttpCell(f, route.path, route.method, ROUTES[route.path]!, column);
        if (mismatch) mismatches.push(mismatch);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses every route over the long connection (api.<path>) as the table says', async () => {
    const mismatches: Mismatch[] = [];
    for (const route of f.server.app.routes.describe()) {
      for (const column of COLUMNS) {
        const mismatch = await checkRouteOverSocket(f, route.path, route.isPublic, ROUTES[route.path]!, column);
        if (mismatch) mismatches.push(mismatch);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses every socket action as the table says', async () => {
    const mismatches: Mismatch[] = [];
    for (const [action, row] of Object.entries(ACTIONS)) {
      for (const column of COLUMNS) {
        const mismatch = await checkActionCell(f, action, row, column);
        if (mismatch) mismatches.push(mismatch);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses replies and forwards of messages the sender cannot read, as the table says', async () => {
    expect(tableProblems(LINKS)).toEqual([]);
    const mismatches: Mismatch[] = [];
    for (const [name, row] of Object.entries(LINKS)) {
      for (const column of COLUMNS) {
        const mismatch = await checkActionCell(f, name.split(' ')[0]!, row, column);
        if (mismatch) mismatches.push({ ...mismatch, row: name });
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('leaves the fixture as it was: the refusals changed no membership, mute or blacklist', async () => {
    const members = await f.server.app.store.groups.listMembers(f.gid);
    expect(members.map((m) => [m.uid, m.role, m.isMuted]).sort()).toEqual(
      [
        [f.users.owner.uid, 1, false],
        [f.users.member.uid, 3, false],
        [f.users.muted.uid, 3, true],
      ].sort(),
    );
    expect((await f.server.app.store.contacts.listBlocked(f.users.owner.uid)).map((b) => b.uid)).toEqual([f.users.blocked.uid]);
    expect(await f.server.app.store.groups.getMember(f.gid, f.users.outsider.uid)).toBeUndefined();
  });
});
