import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callApi, registerUser, type TestUser } from '../helpers/api-client.js';
import { RawWsClient, type Frame } from '../helpers/raw-clients.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/** One id more than a request may carry. */
const TOO_MANY_IDS = Array.from({ length: 501 }, (_, i) => i + 1);

interface SessionData {
  Uid1: number;
  Uid2: number;
  To: number;
}

describe('contact routes', () => {
  let server: TestServer;
  const clients: RawWsClient[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  afterAll(async () => {
    await server.close();
  });

  async function online(user: TestUser): Promise<RawWsClient> {
    const client = await RawWsClient.connect(server.wsUrl);
    clients.push(client);
    client.send({ ver: 1, seq: 1, action: 'authenticate', data: { credential: user.credential, version: 1 } });
    await client.next((f) => f.action === 'notify.success' && f.seq === 1);
    return client;
  }

  // Presence (`Online`) has its own test; these compare the stored contacts.
  const list = async (user: TestUser) =>
    ((await callApi(server, 'contacts/list', {}, user.token)).body.Data as { Online: boolean }[]).map(({ Online: _online, ...contact }) => contact);

  it('adds to the caller\'s list only, with its remark; adding back makes the two mutual', async () => {
    const a = await registerUser(server);
    const b = await registerUser(server);
    const added = await callApi(server, 'contacts/add', { Uid: String(b.uid), Remark: 'bob' }, a.token);
    expect(added).toEqual({ status: 200, body: { Code: 100, Msg: 'success', Data: '' } });
    expect(await list(a)).toEqual([{ Id: b.uid, Type: 1, Remark: 'bob' }]);
    expect(await list(b)).toEqual([]);
    expect((await callApi(server, 'contacts/add', { Uid: a.uid }, b.token)).body.Code).toBe(100);
    expect(await list(b)).toEqual([{ Id: a.uid, Type: 1, Remark: '' }]);
  });

  it('pushes notify.contact to both users\' open sockets and opens the 1:1 session for both', async () => {
    const a = await registerUser(server);
    const b = await registerUser(server);
    const aSocket = await online(a);
    const bSocket = await online(b);
    expect((await callApi(server, 'contacts/add', { Uid: b.uid }, a.token)).body.Code).toBe(100);
    const isContactPush = (f: Frame) => f.action === 'notify.contact';
    const toB = await bSocket.next(isContactPush);
    expect(toB.data).toEqual({ Id: String(a.uid), Type: 1, FromId: String(a.uid), FromType: 1 });
    const toA = await aSocket.next(isContactPush);
    expect(toA.data).toEqual({ Id: String(b.uid), Type: 1, FromId: String(a.uid), FromType: 1 });

    const recentA = (await callApi(server, 'session/recent', {}, a.token)).body.Data as SessionData[];
    const recentB = (await callApi(server, 'session/recent', {}, b.token)).body.Data as SessionData[];
    expect(recentA).toMatchObject([{ Uid1: a.uid, Uid2: b.uid, To: b.uid }]);
    expect(recentB).toMatchObject([{ Uid1: b.uid, Uid2: a.uid, To: a.uid }]);
  });

  it('pushes notify.contact with numbers to a G1 connection', async () => {
    const a = await registerUser(server);
    const b = await registerUser(server, { device: 1 });
    const bSocket = await RawWsClient.connect(server.wsUrl);
    clients.push(bSocket);
    bSocket.send({ Ver: 1, Seq: 1, Action: 'api.user.auth', Data: { Token: b.token, Device: 1 } });
    await bSocket.next((f) => f.Action === 'api.success');
    expect((await callApi(server, 'contacts/add', { Uid: b.uid }, a.token)).body.Code).toBe(100);
    const toB = await bSocket.next((f) => f.Action === 'notify.contact');
    expect(toB.Data).toEqual({ Id: a.uid, Type: 1, FromId: a.uid, FromType: 1 });
  });

  it('refuses adding oneself (2001), an unknown user (2002), a contact twice (2003) and a user who blocked the caller', async () => {
    const a = await registerUser(server);
    const b = await registerUser(server);
    const c = await registerUser(server);
    expect((await callApi(server, 'contacts/add', { Uid: a.uid }, a.token)).body).toMatchObject({ Code: 2001 });
    expect((await callApi(server, 'contacts/add', { Uid: 2 ** 31 - 1 }, a.token)).body).toMatchObject({ Code: 2002 });
    expect((await callApi(server, 'contacts/add', { Uid: b.uid }, a.token)).body.Code).toBe(100);
    const twice = await callApi(server, 'contacts/add', { Uid: b.uid }, a.token);
    expect(twice).toMatchObject({ status: 200, body: { Code: 2003 } });
    expect((await callApi(server, 'session/blacklist/add', { relative_ids: [String(a.uid)] }, c.token)).body.Code).toBe(100);
    const blocked = await callApi(server, 'contacts/add', { Uid: c.uid }, a.token);
    expect(blocked).toMatchObject({ status: 200, body: { Code: 1001 } });
    expect(blocked.body.Msg).toMatch(/blacklist/);
    expect(await list(c)).toEqual([]);
  });

  it('deletes from the caller\'s list only', async () => {
    const a = await registerUser(server);
    const b = await registerUser(server);
    const c = await registerUser(server);
    await callApi(server, 'contacts/add', { Uid: b.uid }, a.token);
    await callApi(server, 'contacts/add', { Uid: c.uid }, a.token);
    expect((await callApi(server, 'contacts/del', { Uid: [b.uid, String(c.uid)] }, a.token)).body).toEqual({ Code: 100, Msg: 'success', Data: '' });
    expect(await list(a)).toEqual([]);
    // B deleting A does not touch A's list either.
    await callApi(server, 'contacts/add', { Uid: b.uid }, a.token);
    await callApi(server, 'contacts/add', { Uid: a.uid }, b.token);
    await callApi(server, 'contacts/del', { Uid: a.uid }, b.token);
    expect(await list(b)).toEqual([]);
    expect(await list(a)).toEqual([{ Id: b.uid, Type: 1, Remark: '' }]);
  });

  it('updates the caller\'s own remark; B cannot change A\'s remark nor one for a stranger', async () => {
    const a = await registerUser(server);
    const b = await registerUser(server);
    const stranger = await registerUser(server);
    await callApi(server, 'contacts/add', { Uid: b.uid, Remark: 'bob' }, a.token);
    await callApi(server, 'contacts/add', { Uid: a.uid }, b.token);
    expect((await callApi(server, 'contacts/update', { Uid: a.uid, Remark: 'alice' }, b.token)).body.Code).toBe(100);
    expect(await list(a)).toEqual([{ Id: b.uid, Type: 1, Remark: 'bob' }]);
    expect(await list(b)).toEqual([{ Id: a.uid, Type: 1, Remark: 'alice' }]);
    const notContact = await callApi(server, 'contacts/update', { Uid: stranger.uid, Remark: 'x' }, b.token);
    expect(notContact).toMatchObject({ status: 200, body: { Code: 1001 } });
    expect(notContact.body.Msg).toMatch(/not in the contact list/);
  });

  it('keeps A\'s contacts invisible to B', async () => {
    const a = await registerUser(server);
    const b = await registerUser(server);
    const c = await registerUser(server);
    await callApi(server, 'contacts/add', { Uid: c.uid }, a.token);
    expect(await list(b)).toEqual([]);
  });

  it('approval with Agree and no request adds to the approver\'s list only, idempotently; refusing is a no-op', async () => {
    const a = await registerUser(server);
    const b = await registerUser(server);
    const c = await registerUser(server);
    expect((await callApi(server, 'contacts/approval', { Uid: a.uid, Agree: true, Comment: 'hi' }, b.token)).body.Code).toBe(100);
    expect((await callApi(server, 'contacts/approval', { Uid: a.uid, Agree: true }, b.token)).body.Code).toBe(100);
    expect(await list(a)).toEqual([]);
    expect(await list(b)).toEqual([{ Id: a.uid, Type: 1, Remark: '' }]);
    expect((await callApi(server, 'contacts/approval', { Uid: c.uid, Agree: false }, b.token)).body.Code).toBe(100);
    expect(await list(c)).toEqual([]);
  });

  it('answers api.contacts.list on the long connection with the HTTP Data and the request seq', async () => {
    const a = await registerUser(server);
    const b = await registerUser(server);
    await callApi(server, 'contacts/add', { Uid: b.uid, Remark: 'bob' }, a.token);
    const socket = await online(a);
    socket.send({ ver: 1, seq: 42, action: 'api.contacts.list', data: {} });
    const reply = await socket.next((f) => f.seq === 42);
    expect(reply.action).toBe('api.success');
    expect(reply.data).toEqual((await callApi(server, 'contacts/list', {}, a.token)).body.Data);
    socket.send({ ver: 1, seq: 43, action: 'api.contacts.add', data: { uid: a.uid } });
    expect(await socket.next((f) => f.seq === 43)).toMatchObject({ action: 'api.failed', data: { Code: 2001 } });
  });

  describe('refuses bad bodies with 400 naming the field', () => {
    const cases: [string, unknown, RegExp][] = [
      ['contacts/add', {}, /Uid/],
      ['contacts/add', { Uid: 'abc' }, /Uid/],
      ['contacts/add', { Uid: -3 }, /Uid/],
      ['contacts/add', { Uid: 1.5 }, /Uid/],
      ['contacts/add', { Uid: 1, Remark: 7 }, /Remark/],
      ['contacts/add', { Uid: 1, Remark: 'x'.repeat(129) }, /Remark/],
      ['contacts/del', { Uid: [1, 'x'] }, /Uid/],
      ['contacts/del', { Uid: TOO_MANY_IDS }, /Uid/],
      ['contacts/update', { Uid: 1 }, /Remark/],
      ['contacts/update', { Remark: 'x' }, /Uid/],
      ['contacts/approval', { Uid: 1 }, /Agree/],
      ['contacts/approval', { Uid: 1, Agree: 'yes' }, /Agree/],
      ['contacts/approval', { Uid: 'x', Agree: true }, /Uid/],
    ];
    it.each(cases.map(([path, body, field]) => ({ path, body, field, shown: JSON.stringify(body).slice(0, 60) })))('$path $shown', async ({ path, body, field }) => {
      const a = await registerUser(server);
      const response = await callApi(server, path, body, a.token);
      expect(response.status).toBe(400);
      expect(response.body.Code).toBe(300);
      expect(response.body.Msg).toMatch(field);
    });
  });

  describe('refuses a missing, malformed or revoked token with 401 and Code 1001', () => {
    const routes: [string, unknown][] = [
      ['contacts/list', {}],
      ['contacts/add', { Uid: 1 }],
      ['contacts/del', { Uid: [1] }],
      ['contacts/update', { Uid: 1, Remark: '' }],
      ['contacts/approval', { Uid: 1, Agree: true }],
    ];
    it.each(routes)('%s', async (path, body) => {
      const revoked = await registerUser(server);
      // A second sign-in on the same device revokes the first token.
      const replaced = await callApi(server, 'auth/signin_v2', { Account: revoked.account, Password: revoked.password, Device: 2 });
      expect(replaced.body.Code).toBe(100);
      for (const token of [undefined, 'not-a-jwt', revoked.token]) {
        const response = await callApi(server, path, body, token);
        expect(response.status).toBe(401);
        expect(response.body.Code).toBe(1001);
      }
    });
  });
});
