import { ManualClock } from '../../src/core/index.js';
import { callApi, registerUser, signin, type TestUser } from './api-client.js';
import { actionOf, ProbedSocket, seqOf } from './socket-probe.js';
import { startTestServer, type TestServer } from './test-server.js';

/** The real users of the authorisation matrix. */
export const ROLES = ['owner', 'member', 'muted', 'outsider', 'blocked'] as const;
export type Role = (typeof ROLES)[number];

/** The matrix columns: four kinds of bad credentials, then four kinds of callers without the right. */
export const COLUMNS = ['noToken', 'malformed', 'expired', 'revoked', 'other', 'nonMember', 'muted', 'blacklisted'] as const;
export type Column = (typeof COLUMNS)[number];
export const TOKEN_COLUMNS = ['noToken', 'malformed', 'expired', 'revoked'] as const;
export type TokenColumn = (typeof TOKEN_COLUMNS)[number];
export type ActorColumn = Exclude<Column, TokenColumn>;

/** Who calls in each actor column unless a cell names someone else. */
export const COLUMN_ACTOR: Readonly<Record<ActorColumn, Role>> = { other: 'member', nonMember: 'outsider', muted: 'muted', blacklisted: 'blocked' };

export function isTokenColumn(column: Column): column is TokenColumn {
  return (TOKEN_COLUMNS as readonly string[]).includes(column);
}

/**
 * A server with real users and relations made through the API: `owner` owns a group with `member` and
 * `muted` (muted by the owner), `outsider` is in no group, `blocked` is on the owner's blacklist.
 * `owner` has sent a 1:1 message to `member` and to `blocked` and posted once in the group.
 */
export interface AuthzFixture {
  server: TestServer;
  users: Record<Role, TestUser>;
  gid: number;
  chatMid: number;
  blockedChatMid: number;
  groupMid: number;
  groupSeq: number;
  /** The bearer token / G2 credential presented in each token column (undefined: none at all). */
  tokens: Record<TokenColumn, string | undefined>;
  credentials: Record<TokenColumn, string | undefined>;
  /** One signed-in socket per role. */
  sockets: Record<Role, ProbedSocket>;
  /** One socket per token column that tried to sign in with that column's token and stayed anonymous. */
  anonymous: Record<TokenColumn, ProbedSocket>;
  close(): Promise<void>;
}

const TOKEN_TTL_SEC = 3_600;

async function ok(server: TestServer, path: string, body: unknown, token: string): Promise<unknown> {
  const reply = await callApi(server, path, body, token);
  if (reply.body.Code !== 100) throw new Error(`${path} failed: ${JSON.stringify(reply.body)}`);
  return reply.body.Data;
}

export async function createAuthzFixture(): Promise<AuthzFixture> {
  const clock = new ManualClock(Date.now());
  const server = await startTestServer({ auth: { tokenTtlSec: TOKEN_TTL_SEC } }, { clock });
  const opened: ProbedSocket[] = [];
  try {
    const spare = await registerUser(server, { prefix: 'spare' });
    const registered = {} as Record<Role, TestUser>;
    for (const role of ROLES) registered[role] = await registerUser(server, { prefix: role });
    // Expired: spare's sign-in token and credential once the token's lifetime has passed.
    clock.advance((TOKEN_TTL_SEC + 1) * 1000);
    // Revoked: a token replaced by a newer sign-in on the same device.
    const replaced = await signin(server, spare.account, spare.password, 5);
    await signin(server, spare.account, spare.password, 5);
    const users = {} as Record<Role, TestUser>;
    for (const role of ROLES) users[role] = { ...registered[role], token: await server.app.accounts.tokenFor(registered[role].uid, 2) };

    const { owner, member, muted, blocked } = users;
    await ok(server, 'contacts/add', { Uid: member.uid }, owner.token);
    const { Gid: gid } = (await ok(server, 'group/create', { Name: 'authz', Member: [member.uid, muted.uid] }, owner.token)) as { Gid: number };
    await ok(server, 'group/members/mute', { Gid: gid, Uid: muted.uid, Mute: true }, owner.token);
    await ok(server, 'session/blacklist/add', { relative_ids: [blocked.uid] }, owner.token);

    const sockets = {} as Record<Role, ProbedSocket>;
    for (const role of ROLES) opened.push((sockets[role] = await ProbedSocket.signIn(server, users[role].token)));
    const chat = await sockets.owner.postMessage('message.chat', member.uid, 'authz-chat');
    const blockedChat = await sockets.owner.postMessage('message.chat', blocked.uid, 'authz-chat-blocked');
    const group = await sockets.owner.postMessage('message.group', gid, 'authz-group');

    const tokens: Record<TokenColumn, string | undefined> = { noToken: undefined, malformed: 'not-a-token', expired: spare.token, revoked: replaced.token };
    const credentials: Record<TokenColumn, string | undefined> = { noToken: undefined, malformed: 'not-a-credential', expired: spare.credential, revoked: replaced.credential };
    const anonymous = {} as Record<TokenColumn, ProbedSocket>;
    for (const column of TOKEN_COLUMNS) {
      const socket = await ProbedSocket.open(server);
      opened.push((anonymous[column] = socket));
      const token = tokens[column];
      if (token === undefined) continue;
      const seq = socket.nextSeq();
      socket.raw.send(socket.frameText(seq, 'api.auth', JSON.stringify({ Token: token })));
      const reply = await socket.raw.next((f) => seqOf(f) === seq);
      if (actionOf(reply) !== 'api.failed') throw new Error(`${column} token signed a socket in: ${JSON.stringify(reply)}`);
    }
    for (const socket of opened) socket.raw.frames.splice(0);
    return {
      server,
      users,
      gid,
      chatMid: chat.mid,
      blockedChatMid: blockedChat.mid,
      groupMid: group.mid,
      groupSeq: group.seq,
      tokens,
      credentials,
      sockets,
      anonymous,
      async close() {
        for (const socket of opened) socket.close();
        await server.close();
      },
    };
  } catch (err) {
    for (const socket of opened) socket.close();
    await server.close();
    throw err;
  }
}
