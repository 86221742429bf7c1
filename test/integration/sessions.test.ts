import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthKit, MemoryTokenVersions } from '../../src/auth/index.js';
import { systemClock } from '../../src/core/index.js';
import { SESSION_TYPE } from '../../src/store/index.js';
import { callApi, registerUser, type TestUser } from '../helpers/api-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/** One id more than a request may carry. */
const TOO_MANY_IDS = Array.from({ length: 501 }, (_, i) => i + 1);

interface SessionData {
  Uid1: number;
  Uid2: number;
  To: number;
  Unread: number;
  LastMid: number;
  UpdateAt: number;
  CreateAt: number;
  Type: number;
}

describe('session routes', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.close();
  });

  const recent = async (user: TestUser) => (await callApi(server, 'session/recent', {}, user.token)).body.Data as SessionData[];

  /** What the messaging area records when `from` sends `to` a message: both lines move, the receiver's unread grows. */
  async function delivered(from: TestUser, to: TestUser, mid: number, at: number): Promise<void> {
    await server.app.store.sessions.applyMessages([
      { owner: from.uid, type: SESSION_TYPE.chat, peer: to.uid, mid, unread: 0, at },
      { owner: to.uid, type: SESSION_TYPE.chat, peer: from.uid, mid, unread: 1, at },
    ]);
  }

  it('lists the caller\'s sessions newest first with real unread counts', async () => {
    const me = await registerUser(server);
    const b = await registerUser(server);
    const c = await registerUser(server);
    const now = Date.now();
    await delivered(b, me, 100, now + 1_000);
    await delivered(b, me, 101, now + 2_000);
    await delivered(c, me, 200, now + 3_000);
    await delivered(me, b, 300, now + 4_000);
    expect(await recent(me)).toEqual([
      { Uid1: me.uid, Uid2: b.uid, To: b.uid, Unread: 2, LastMid: 300, UpdateAt: now + 4_000, CreateAt: now + 1_000, Type: 1, PeerRead: 0 },
      { Uid1: me.uid, Uid2: c.uid, To: c.uid, Unread: 1, LastMid: 200, UpdateAt: now + 3_000, CreateAt: now + 3_000, Type: 1, PeerRead: 0 },
    ]);
    expect(await recent(b)).toMatchObject([{ Uid1: b.uid, To: me.uid, Unread: 1, LastMid: 300 }]);
  });

  it('marks a 1:1 line read up to Mid, and all of it without Mid', async () => {
    const me = await registerUser(server);
    const b = await registerUser(server);
    const c = await registerUser(server);
    await delivered(me, b, 5, Date.now());
    await delivered(b, me, 10, Date.now());
    await delivered(b, me, 11, Date.now());
    await delivered(c, me, 20, Date.now());
    expect((await callApi(server, 'session/read', { To: b.uid, Mid: 10 }, me.token)).body).toEqual({ Code: 100, Msg: 'success', Data: '' });
    expect((await recent(me)).find((s) => s.To === b.uid)?.Unread).toBe(2);
    expect((await callApi(server, 'session/read', { To: String(b.uid), Mid: '11', Gid: 0, Seq: 0 }, me.token)).body.Code).toBe(100);
    expect((await recent(me)).find((s) => s.To === b.uid)?.Unread).toBe(0);
    expect((await callApi(server, 'session/read', { To: c.uid }, me.token)).body.Code).toBe(100);
    expect((await recent(me)).find((s) => s.To === c.uid)?.Unread).toBe(0);
    // Reading one's own line leaves the peer's unread alone.
    expect((await recent(b)).find((s) => s.To === me.uid)?.Unread).toBe(1);
  });

  it('session/get answers the existing line and creates a missing one for the caller only', async () => {
    const me = await registerUser(server);
    const b = await registerUser(server);
    const c = await registerUser(server);
    await delivered(b, me, 50, Date.now());
    const existing = await callApi(server, 'session/get', { To: b.uid }, me.token);
    expect(existing.body.Data).toMatchObject({ Uid1: me.uid, Uid2: b.uid, To: b.uid, Unread: 1, LastMid: 50, Type: 1 });
    const created = await callApi(server, 'session/get', { To: String(c.uid) }, me.token);
    expect(created.body.Data).toMatchObject({ Uid1: me.uid, To: c.uid, Unread: 0, LastMid: 0, Type: 1 });
    expect((await recent(me)).map((s) => s.To).sort()).toEqual([b.uid, c.uid].sort());
    expect(await recent(c)).toEqual([]);
    expect((await callApi(server, 'session/get', { To: 2 ** 31 - 1 }, me.token)).body).toMatchObject({ Code: 2002 });
  });

  it('issues a ticket for To that the ticket service accepts for exactly caller → To', async () => {
    const me = await registerUser(server);
    const b = await registerUser(server);
    const response = await callApi(server, 'session/ticket', { To: String(b.uid) }, me.token);
    expect(response.body.Code).toBe(100);
    const { Ticket } = response.body.Data as { Ticket: string };
    expect(Object.keys(response.body.Data as object)).toEqual(['Ticket']);
    expect(typeof Ticket).toBe('string');
    // A kit on the same data dir loads the server's secret, so it checks tickets exactly as the server does.
    const kit = await createAuthKit({ clock: systemClock, versions: new MemoryTokenVersions() }, { ...server.app.config.auth, dataDir: server.dataDir });
    expect(kit.tickets.isValid(Ticket, me.uid, b.uid)).toBe(true);
    expect(kit.tickets.isValid(Ticket, b.uid, me.uid)).toBe(false);
  });

  it('refuses a ticket to a user who blocked the caller, and to an unknown user', async () => {
    const me = await registerUser(server);
    const b = await registerUser(server);
    await callApi(server, 'session/blacklist/add', { relative_ids: [me.uid] }, b.token);
    const refused = await callApi(server, 'session/ticket', { To: b.uid }, me.token);
    expect(refused).toMatchObject({ status: 200, body: { Code: 1001 } });
    expect(refused.body.Msg).toMatch(/blacklist/);
    expect((await callApi(server, 'session/ticket', { To: 2 ** 31 - 1 }, me.token)).body).toMatchObject({ Code: 2002 });
  });

  it('adds to, lists and removes from the caller\'s blacklist', async () => {
    const me = await registerUser(server);
    const b = await registerUser(server);
    const c = await registerUser(server);
    expect((await callApi(server, 'session/blacklist/add', { relative_ids: [String(b.uid), c.uid, b.uid] }, me.token)).body).toEqual({ Code: 100, Msg: 'success', Data: '' });
    const listed = await callApi(server, 'session/blacklist', {}, me.token, 'GET');
    expect(listed.body.Data).toEqual([
      // Account names are private to their owner (docs/security.md): a blocker reads them empty.
      { id: b.uid, user_info: { uid: b.uid, account: '', nick_name: b.account, avatar: '', Uid: b.uid, Nickname: b.account, Account: '', Avatar: '' } },
      { id: c.uid, user_info: { uid: c.uid, account: '', nick_name: c.account, avatar: '', Uid: c.uid, Nickname: c.account, Account: '', Avatar: '' } },
    ]);
    // B's own blacklist is separate.
    expect((await callApi(server, 'session/blacklist', {}, b.token, 'GET')).body.Data).toEqual([]);
    expect((await callApi(server, 'session/blacklist/remove', { relative_ids: [String(b.uid)] }, me.token)).body.Code).toBe(100);
    expect(((await callApi(server, 'session/blacklist', {}, me.token, 'GET')).body.Data as { id: number }[]).map((e) => e.id)).toEqual([c.uid]);
    expect((await callApi(server, 'session/blacklist/add', { relative_ids: [2 ** 31 - 1] }, me.token)).body).toMatchObject({ Code: 2002 });
  });

  it('refuses a group read mark for a group that does not exist, with the group code', async () => {
    const me = await registerUser(server);
    const response = await callApi(server, 'session/read', { Gid: 5, Seq: 3 }, me.token);
    expect(response).toMatchObject({ status: 200, body: { Code: 3001 } });
  });

  describe('refuses bad bodies with 400 naming the field', () => {
    const cases: [string, unknown, RegExp][] = [
      ['session/get', {}, /To/],
      ['session/get', { To: 'me' }, /To/],
      ['session/get', { To: 0 }, /To/],
      ['session/ticket', { To: [1] }, /To/],
      ['session/ticket', { To: '99999999999' }, /To must be a positive integer below 2\^31/],
      ['session/read', {}, /To or Gid is required/],
      ['session/read', { To: 'x' }, /To/],
      ['session/read', { To: 1, Mid: -1 }, /Mid/],
      ['session/read', { To: 1, Mid: 1.5 }, /Mid/],
      ['session/read', { To: 1, Gid: 2 }, /To or Gid/],
      ['session/blacklist/add', {}, /relative_ids/],
      ['session/blacklist/add', { relative_ids: ['a'] }, /relative_ids/],
      ['session/blacklist/add', { relative_ids: TOO_MANY_IDS }, /relative_ids/],
      ['session/blacklist/remove', { relative_ids: [{}] }, /relative_ids/],
    ];
    it.each(cases.map(([path, body, field]) => ({ path, body, field, shown: JSON.stringify(body).slice(0, 60) })))('$path $shown', async ({ path, body, field }) => {
      const a = await registerUser(server);
      const response = await callApi(server, path, body, a.token);
      expect(response.status).toBe(400);
      expect(response.body.Code).toBe(300);
      expect(response.body.Msg).toMatch(field);
    });

    it('refuses the caller\'s own uid as a peer or a blacklist entry', async () => {
      const a = await registerUser(server);
      for (const [path, body, field] of [
        ['session/get', { To: a.uid }, /To must be another user/],
        ['session/ticket', { To: a.uid }, /To must be another user/],
        ['session/blacklist/add', { relative_ids: [a.uid] }, /relative_ids must not contain your own uid/],
      ] as const) {
        const response = await callApi(server, path, body, a.token);
        expect(response.status).toBe(400);
        expect(response.body.Msg).toMatch(field);
      }
    });
  });

  describe('refuses a missing, malformed or revoked token with 401 and Code 1001', () => {
    const routes: [string, unknown, 'GET' | 'POST'][] = [
      ['session/recent', {}, 'POST'],
      ['session/get', { To: 1 }, 'POST'],
      ['session/ticket', { To: 1 }, 'POST'],
      ['session/read', { To: 1 }, 'POST'],
      ['session/blacklist', {}, 'GET'],
      ['session/blacklist/add', { relative_ids: [1] }, 'POST'],
      ['session/blacklist/remove', { relative_ids: [1] }, 'POST'],
    ];
    it.each(routes)('%s', async (path, body, method) => {
      const revoked = await registerUser(server);
      expect((await callApi(server, 'auth/logout', {}, revoked.token)).body.Code).toBe(100);
      for (const token of [undefined, 'not-a-jwt', revoked.token]) {
        const response = await callApi(server, path, body, token, method);
        expect(response.status).toBe(401);
        expect(response.body.Code).toBe(1001);
      }
    });
  });
});
