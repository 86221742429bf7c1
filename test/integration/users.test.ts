import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, registerUser, signin } from '../helpers/api-client.js';
import { RawWsClient } from '../helpers/raw-clients.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/** One id more than a request may carry. */
const TOO_MANY_IDS = Array.from({ length: 501 }, (_, i) => i + 1);

interface UserInfoData {
  uid: number;
  account: string;
  nick_name: string;
  avatar: string;
  Uid: number;
  Nickname: string;
  Account: string;
  Avatar: string;
  email?: string;
}

describe('user routes', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.close();
  });

  it('answers user/info with both casings, in request order, skipping unknown uids', async () => {
    const a = await registerUser(server);
    const b = await registerUser(server);
    const response = await callApi(server, 'user/info', { Uid: [String(b.uid), a.uid, 2 ** 31 - 1, b.uid] }, a.token);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ Code: 100, Msg: 'success' });
    const data = response.body.Data as UserInfoData[];
    expect(data.map((u) => u.uid)).toEqual([b.uid, a.uid]);
    expect(data[0]).toEqual({ uid: b.uid, account: '', nick_name: b.account, avatar: '', Uid: b.uid, Nickname: b.account, Account: '', Avatar: '' });
    expect(data[1]).toMatchObject({ uid: a.uid, account: a.account, Account: a.account });
  });

  it('gives the account name (an e-mail) to the user itself only: others, blacklist included, read it empty', async () => {
    const email = `dana${process.pid}@example.test`;
    expect((await callApi(server, 'auth/register', { email, password: 'secret-password' })).body.Code).toBe(100);
    const dana = await signin(server, email, 'secret-password');
    const stranger = await registerUser(server);
    const seen = await callApi(server, 'user/info', { Uid: [dana.uid] }, stranger.token);
    expect(seen.body.Data).toEqual([{ uid: dana.uid, account: '', nick_name: `dana${process.pid}`, avatar: '', Uid: dana.uid, Nickname: `dana${process.pid}`, Account: '', Avatar: '' }]);
    expect(JSON.stringify(seen.body)).not.toContain('@');
    expect((await callApi(server, 'session/blacklist/add', { relative_ids: [dana.uid] }, stranger.token)).body.Code).toBe(100);
    const blocked = await callApi(server, 'session/blacklist', {}, stranger.token, 'GET');
    expect(JSON.stringify(blocked.body)).not.toContain('@');
    const own = await callApi(server, 'user/info', { Uid: [dana.uid] }, dana.token);
    expect(own.body.Data).toEqual([expect.objectContaining({ account: email, Account: email })]);
  });

  it('gives the caller its own profile with email, never another user\'s', async () => {
    const a = await registerUser(server);
    const b = await registerUser(server);
    const response = await callApi(server, 'user/profile', { Uid: b.uid }, a.token);
    expect(response.body.Data).toEqual({ uid: a.uid, account: a.account, nick_name: a.account, avatar: '', Uid: a.uid, Nickname: a.account, Account: a.account, Avatar: '', email: '', Email: '' });
  });

  it('updates nickname and avatar of the caller only', async () => {
    const a = await registerUser(server);
    const b = await registerUser(server);
    const updated = await callApi(server, 'user/profile/update', { nickname: 'Alice', avatar: 'https://example.test/a.png' }, a.token);
    expect(updated.body).toMatchObject({ Code: 100, Data: { uid: a.uid, Nickname: 'Alice', nick_name: 'Alice', Avatar: 'https://example.test/a.png' } });
    const seenByB = (await callApi(server, 'user/info', { Uid: [a.uid, b.uid] }, b.token)).body.Data as UserInfoData[];
    expect(seenByB[0]).toMatchObject({ uid: a.uid, Nickname: 'Alice' });
    expect(seenByB[1]).toMatchObject({ uid: b.uid, Nickname: b.account });
  });

  it('re-hashes a new password: the new one signs in, the old one no longer does, the token keeps working', async () => {
    const a = await registerUser(server);
    const updated = await callApi(server, 'user/profile/update', { password: 'brand-new-password', oldPassword: a.password }, a.token);
    expect(updated.body.Code).toBe(100);
    await expect(signin(server, a.account, a.password)).rejects.toThrow(/signin failed/);
    const again = await signin(server, a.account, 'brand-new-password', 4);
    expect(again.uid).toBe(a.uid);
    expect((await callApi(server, 'user/profile', {}, a.token)).body.Code).toBe(100);
  });

  it('refuses a password change without the current password (400) or with a wrong one (1002), and keeps the old password', async () => {
    const a = await registerUser(server);
    const missing = await callApi(server, 'user/profile/update', { Password: 'stolen-token-pw' }, a.token);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ Code: 300, Msg: expect.stringMatching(/OldPassword/) });
    const wrong = await callApi(server, 'user/profile/update', { Password: 'stolen-token-pw', OldPassword: 'a-wrong-guess' }, a.token);
    expect(wrong).toMatchObject({ status: 200, body: { Code: 1002 } });
    expect((await signin(server, a.account, a.password)).uid).toBe(a.uid);
    await expect(signin(server, a.account, 'stolen-token-pw')).rejects.toThrow(/signin failed/);
  });

  it('signs the other devices out on a password change, over HTTP and on their open connections', async () => {
    const web = await registerUser(server);
    const phone = await signin(server, web.account, web.password, 1);
    const socket = await RawWsClient.connect(server.wsUrl);
    try {
      socket.send({ Ver: 1, Seq: 1, Action: 'api.user.auth', Data: { Token: phone.token, Device: 1 } });
      await socket.next((f) => f.Action === 'api.success');
      const changed = await callApi(server, 'user/profile/update', { password: 'brand-new-password', OLDPASSWORD: web.password }, web.token);
      expect(changed.body.Code).toBe(100);
      expect((await socket.closed()).code).toBe(4007);
      expect((await callApi(server, 'user/profile', {}, phone.token)).status).toBe(401);
      expect((await callApi(server, 'user/profile', {}, web.token)).body.Code).toBe(100);
    } finally {
      socket.close();
    }
  });

  describe('refuses bad bodies with 400 naming the field', () => {
    const cases: [string, unknown, RegExp][] = [
      ['user/info', {}, /Uid/],
      ['user/info', { Uid: ['abc'] }, /Uid/],
      ['user/info', { Uid: [0] }, /Uid/],
      ['user/info', { Uid: [2 ** 31] }, /Uid/],
      ['user/info', { Uid: ['9999999999'] }, /Uid must be a positive integer below 2\^31/],
      ['user/info', { Uid: TOO_MANY_IDS }, /Uid/],
      ['user/info', { Uid: [] }, /Uid/],
      ['user/profile/update', { nickname: '' }, /Nickname/],
      ['user/profile/update', { nickname: 'x'.repeat(65) }, /Nickname/],
      ['user/profile/update', { avatar: 5 }, /Avatar/],
      ['user/profile/update', { password: 'short', oldPassword: 'secret-password' }, /Password/],
      ['user/profile/update', { password: 'seven77', oldPassword: 'secret-password' }, /at least 8/],
      ['user/profile/update', { password: '         ', oldPassword: 'secret-password' }, /spaces/],
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
    const routes = ['user/info', 'user/profile', 'user/profile/update'];
    it.each(routes)('%s', async (path) => {
      const body = path === 'user/info' ? { Uid: [1] } : {};
      const revoked = await registerUser(server);
      expect((await callApi(server, 'auth/logout', {}, revoked.token)).body.Code).toBe(100);
      for (const token of [undefined, 'not-a-jwt', revoked.token]) {
        const response = await callApi(server, path, body, token);
        expect(response.status).toBe(401);
        expect(response.body.Code).toBe(1001);
      }
    });
  });
});
