import { afterEach, describe, expect, it } from 'vitest';
import { RawWsClient } from '../helpers/raw-clients.js';
import { callApi, registerUser, signin } from '../helpers/api-client.js';
import { startTestServer, type DeepPartial, type TestServer } from '../helpers/test-server.js';
import type { Config } from '../../src/config/index.js';

describe('accounts and sign-in over HTTP', () => {
  let server: TestServer | undefined;

  async function start(overrides: DeepPartial<Config> = {}): Promise<TestServer> {
    server = await startTestServer(overrides);
    return server;
  }

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('registers with the G1 shape and signs in with the G1 reply', async () => {
    const s = await start();
    expect((await callApi(s, 'auth/register', { Account: 'alice', Password: 'hunter22' })).body).toEqual({ Code: 100, Msg: 'success', Data: '' });
    const reply = await callApi(s, 'auth/signin', { Account: 'alice', Password: 'hunter22', Device: 1 });
    expect(reply.status).toBe(200);
    const data = reply.body.Data as { Token: string; Uid: number; Servers: string[] };
    expect(data.Uid).toBeGreaterThan(0);
    expect(typeof data.Token).toBe('string');
    expect(data.Servers[0]).toBe(s.wsUrl.replace('127.0.0.1', '127.0.0.1'));
  });

  it('registers with the G2 shape (email, nickname, any captcha) and signs in with signin_v2', async () => {
    const s = await start();
    expect((await callApi(s, 'auth/verifyCode', { email: 'bob@example.test', mode: 'register' })).body.Code).toBe(100);
    expect((await callApi(s, 'auth/register', { email: 'bob@example.test', nickname: 'Bob', password: 'hunter22', captcha: '1234' })).body.Code).toBe(100);
    const reply = await callApi(s, 'auth/signin_v2', { email: 'bob@example.test', password: 'hunter22', device: 2 });
    const bean = reply.body.Data as { token: string; uid: number; server: string[]; credential: { credential: string }; nick_name: string };
    expect(bean.uid).toBeGreaterThan(0);
    expect(bean.server).toEqual([s.wsUrl]);
    expect(bean.credential.credential.length).toBeGreaterThan(20);
    expect(bean.nick_name).toBe('Bob');
  });

  it('refuses a taken account and a wrong password with GlideIM business codes', async () => {
    const s = await start();
    await callApi(s, 'auth/register', { Account: 'carol', Password: 'hunter22' });
    const again = await callApi(s, 'auth/register', { Account: 'carol', Password: 'other-pass' });
    expect(again.status).toBe(200);
    expect(again.body.Code).toBe(1001);
    const wrong = await callApi(s, 'auth/signin', { Account: 'carol', Password: 'nope-nope', Device: 2 });
    expect(wrong.status).toBe(200);
    expect(wrong.body.Code).toBe(1002);
    const unknown = await callApi(s, 'auth/signin', { Account: 'nobody', Password: 'nope-nope', Device: 2 });
    expect(unknown.body.Code).toBe(1002);
  });

  it('refuses bad bodies with 400 and Code 300 naming the field', async () => {
    const s = await start();
    const missing = await callApi(s, 'auth/signin', { Account: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.body.Code).toBe(300);
    expect(missing.body.Msg).toMatch(/Password/);
    const wrongType = await callApi(s, 'auth/signin', { Account: 'x', Password: 'y', Device: 'phone' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.Msg).toMatch(/Device/);
    const notJson = await callApi(s, 'auth/signin', '{not json');
    expect(notJson.status).toBe(400);
    expect(notJson.body.Code).toBe(300);
  });

  it('stores passwords hashed with argon2id, never in plain text', async () => {
    const s = await start();
    await callApi(s, 'auth/register', { Account: 'dave', Password: 'plain-text-pw' });
    const row = await s.app.store.users.getByAccount('dave');
    expect(row?.passwordHash).not.toContain('plain-text-pw');
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('signs a guest in and refreshes a token into a fresh AuthBean', async () => {
    const s = await start();
    const guest = await callApi(s, 'auth/guest', { nickname: 'visitor', avatar: '' });
    const bean = guest.body.Data as { token: string; uid: number; device: number };
    expect(bean.device).toBe(3);
    const refreshed = await callApi(s, 'auth/token', { token: bean.token });
    expect(refreshed.body.Data).toMatchObject({ uid: bean.uid, token: bean.token, Uid: bean.uid, Token: bean.token });
    expect((await callApi(s, 'app/info', {}, bean.token, 'GET')).body.Code).toBe(100);
  });

  it('revokes older tokens on a new sign-in of the same device and on logout, but not other devices', async () => {
    const s = await start();
    const web1 = await registerUser(s, { device: 2 });
    const phone = await signin(s, web1.account, web1.password, 1);
    const web2 = await signin(s, web1.account, web1.password, 2);
    expect((await callApi(s, 'auth/logout', {}, web1.token)).status).toBe(401);
    expect((await callApi(s, 'auth/token', { Token: web1.token })).status).toBe(401);
    expect((await callApi(s, 'auth/logout', {}, web2.token)).body.Code).toBe(100);
    const afterLogout = await callApi(s, 'auth/logout', {}, web2.token);
    expect(afterLogout.status).toBe(401);
    expect(afterLogout.body.Code).toBe(1001);
    expect((await callApi(s, 'auth/token', { Token: phone.token })).body.Code).toBe(100);
  });

  it('refuses a missing or malformed bearer token with 401', async () => {
    const s = await start();
    expect((await callApi(s, 'auth/logout', {})).status).toBe(401);
    expect((await callApi(s, 'auth/logout', {}, 'not-a-jwt')).status).toBe(401);
    const response = await fetch(`http://127.0.0.1:${s.httpPort}/api/auth/logout`, { method: 'POST', headers: { authorization: 'Basic abc', 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(401);
  });

  it('throttles repeated failed sign-ins of one account', async () => {
    const s = await start({ auth: { signinMaxFailures: 3 } });
    await callApi(s, 'auth/register', { Account: 'erin', Password: 'right-password' });
    for (let i = 0; i < 3; i++) expect((await callApi(s, 'auth/signin', { Account: 'erin', Password: 'wrong', Device: 2 })).body.Code).toBe(1002);
    const blocked = await callApi(s, 'auth/signin', { Account: 'erin', Password: 'right-password', Device: 2 });
    expect(blocked.status).toBe(429);
    const metrics = await (await fetch(`http://127.0.0.1:${s.httpPort}/metrics`)).text();
    expect(metrics).toContain('glide_auth_signins_total{outcome="bad_credentials"} 3');
    expect(metrics).toContain('glide_auth_signins_total{outcome="throttled"} 1');
    expect(metrics).toContain('glide_auth_throttle_entries{kind="account"} 1');
  });
});

describe('signing in on the long connection', () => {
  let server: TestServer | undefined;
  const clients: RawWsClient[] = [];

  async function ws(): Promise<RawWsClient> {
    const client = await RawWsClient.connect(server!.wsUrl);
    clients.push(client);
    return client;
  }

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.close();
    server = undefined;
  });

  it('authenticates a G2 connection with its credential, answering with the request seq', async () => {
    server = await startTestServer();
    const user = await registerUser(server);
    const client = await ws();
    client.send({ ver: 1, seq: 11, action: 'authenticate', data: { credential: user.credential, version: 1 } });
    const reply = await client.next((f) => f.seq === 11);
    expect(reply).toMatchObject({ action: 'notify.success', data: { uid: String(user.uid) } });
    client.send({ ver: 1, seq: 12, action: 'api.app.info', data: {} });
    expect(await client.next((f) => f.seq === 12)).toMatchObject({ action: 'api.success' });
  });

  it('refuses a bad credential with notify.error and leaves the connection anonymous', async () => {
    server = await startTestServer();
    const client = await ws();
    client.send({ ver: 1, seq: 3, action: 'authenticate', data: { credential: 'forged', version: 1 } });
    expect((await client.next((f) => f.seq === 3)).action).toBe('notify.error');
    client.send({ ver: 1, seq: 4, action: 'message.chat', data: { to: '1', type: 1, content: 'x' } });
    expect((await client.next((f) => f.seq === 4)).action).toBe('notify.auth');
    expect(client.closeInfo).toBeUndefined();
  });

  it('signs in with api.auth (G2) and api.user.auth (G1) in each dialect', async () => {
    server = await startTestServer();
    const user = await registerUser(server);
    const g2 = await ws();
    g2.send({ ver: 1, seq: 5, action: 'api.auth', data: { Token: user.token } });
    expect(await g2.next((f) => f.seq === 5)).toMatchObject({ action: 'api.success', data: { uid: String(user.uid), token: user.token, servers: [server.wsUrl] } });
    const phone = await signin(server, user.account, user.password, 1);
    const g1 = await ws();
    g1.send({ Ver: 1, Seq: 6, Action: 'api.user.auth', Data: { Token: phone.token, Device: 1 } });
    expect(await g1.next((f) => f.Seq === 6)).toMatchObject({ Action: 'api.success', Data: { Uid: user.uid, Token: phone.token, Servers: [server.wsUrl] } });
  });

  it('answers a wrong token with api.failed and the request seq', async () => {
    server = await startTestServer();
    const client = await ws();
    client.send({ ver: 1, seq: 8, action: 'api.auth', data: { Token: 'bad' } });
    expect(await client.next((f) => f.seq === 8)).toMatchObject({ action: 'api.failed', data: { Code: 1001 } });
  });

  it('kicks the older connection of the same device and tells other devices about the sign-in', async () => {
    server = await startTestServer();
    const user = await registerUser(server);
    const phone = await signin(server, user.account, user.password, 1);
    const webOld = await ws();
    webOld.send({ ver: 1, seq: 1, action: 'api.auth', data: { Token: user.token } });
    await webOld.next((f) => f.seq === 1);
    const android = await ws();
    android.send({ ver: 1, seq: 1, action: 'api.auth', data: { Token: phone.token } });
    await android.next((f) => f.seq === 1);
    expect((await webOld.next((f) => f.action === 'notify.login')).data).toMatchObject({ device: 1 });
    const webNew = await ws();
    webNew.send({ ver: 1, seq: 1, action: 'api.auth', data: { Token: user.token } });
    await webNew.next((f) => f.seq === 1);
    await webOld.next((f) => f.action === 'notify.kickout');
    expect((await webOld.closed()).code).toBe(4001);
    await android.next((f) => f.action === 'notify.login' && (f.data as { device: number }).device === 2);
    expect(android.closeInfo).toBeUndefined();
    webNew.send({ ver: 1, seq: 2, action: 'api.auth', data: { Token: user.token } });
    expect((await webNew.next((f) => f.seq === 2)).action).toBe('api.success');
    expect(webNew.closeInfo).toBeUndefined();
  });

  it('refuses a logged-out token on the long connection and closes its other connections', async () => {
    server = await startTestServer();
    const user = await registerUser(server);
    const open = await ws();
    open.send({ ver: 1, seq: 1, action: 'api.auth', data: { Token: user.token } });
    await open.next((f) => f.seq === 1);
    expect((await callApi(server, 'auth/logout', {}, user.token)).body.Code).toBe(100);
    expect((await open.closed()).code).toBe(4007);
    const late = await ws();
    late.send({ ver: 1, seq: 2, action: 'api.auth', data: { Token: user.token } });
    expect((await late.next((f) => f.seq === 2)).action).toBe('api.failed');
  });

  it('serves api.* over the socket with the same answer as HTTP', async () => {
    server = await startTestServer();
    const user = await registerUser(server);
    const client = await ws();
    client.send({ ver: 1, seq: 1, action: 'authenticate', data: { credential: user.credential, version: 1 } });
    await client.next((f) => f.seq === 1);
    client.send({ ver: 1, seq: 2, action: 'api.auth.token', data: { token: user.token } });
    const overSocket = await client.next((f) => f.seq === 2);
    const overHttp = await callApi(server, 'auth/token', { token: user.token });
    const strip = (data: unknown) => ({ ...(data as Record<string, unknown>), credential: undefined });
    expect(strip(overSocket.data)).toEqual(strip(overHttp.body.Data));
    client.send({ ver: 1, seq: 3, action: 'api.auth.signin', data: { Account: 'x' } });
    expect(await client.next((f) => f.seq === 3)).toMatchObject({ action: 'api.failed', data: { Code: 300 } });
  });
});
