import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/index.js';
import { callApi, callApiFrom, registerUser } from '../helpers/api-client.js';
import { startTestServer, type DeepPartial, type TestServer } from '../helpers/test-server.js';

/** Addresses of "other machines": loopback aliases, untrusted once auth.trustedAddresses leaves them out. */
const OWNER = '127.0.0.1';
const ATTACKER = '127.0.0.2';

describe('accounts that strangers cannot abuse', () => {
  let server: TestServer | undefined;

  async function start(overrides: DeepPartial<Config> = {}): Promise<TestServer> {
    server = await startTestServer(overrides);
    return server;
  }

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const signinFrom = (s: TestServer, ip: string, account: string, password: string) => callApiFrom(s, ip, 'auth/signin_v2', { Account: account, Password: password, Device: 2 });

  it('throttles guesses per (account, address): an attacker elsewhere, by name or by e-mail, does not lock the owner out', async () => {
    const s = await start({ auth: { signinMaxFailures: 3, trustedAddresses: [] } });
    expect((await callApi(s, 'auth/register', { Account: 'erin', Email: 'erin@example.test', Password: 'right-password' })).body.Code).toBe(100);
    for (const login of ['erin', 'ERIN@example.test', 'erin']) expect((await signinFrom(s, ATTACKER, login, 'wrong-guess')).body.Code).toBe(1002);
    // The account is counted once whatever string named it: the e-mail is throttled too.
    const throttled = await signinFrom(s, ATTACKER, 'erin@example.test', 'right-password');
    expect(throttled.status).toBe(429);
    expect(throttled.body.Msg).toMatch(/retry in \d+ s/);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    const owner = await signinFrom(s, OWNER, 'erin', 'right-password');
    expect(owner).toMatchObject({ status: 200, body: { Code: 100 } });
  });

  it('past the per-account ceiling, lets in only addresses that signed in to the account before', async () => {
    const s = await start({ auth: { signinMaxFailures: 3, signinAccountMaxFailures: 4, trustedAddresses: [] } });
    expect((await callApi(s, 'auth/register', { Account: 'fay', Password: 'right-password' })).body.Code).toBe(100);
    expect((await signinFrom(s, OWNER, 'fay', 'right-password')).body.Code).toBe(100);
    for (const ip of ['127.0.0.3', '127.0.0.4']) for (let i = 0; i < 2; i++) expect((await signinFrom(s, ip, 'fay', 'wrong-guess')).body.Code).toBe(1002);
    expect((await signinFrom(s, '127.0.0.5', 'fay', 'right-password')).status).toBe(429);
    expect((await signinFrom(s, OWNER, 'fay', 'right-password')).body.Code).toBe(100);
  });

  it('limits registrations and guest sign-ups per address, with a retryable 429', async () => {
    const s = await start({ auth: { registrationsPerIpPerHour: 2, guestsPerIpPerHour: 1, trustedAddresses: [] } });
    const register = (account: string, ip = ATTACKER) => callApiFrom(s, ip, 'auth/register', { Account: account, Password: 'secret-password' });
    expect((await register('reg1')).body.Code).toBe(100);
    expect((await register('reg2')).body.Code).toBe(100);
    const refused = await register('reg3');
    expect(refused.status).toBe(429);
    expect(refused.body.Msg).toMatch(/too many registrations/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
    expect((await register('reg3', '127.0.0.6')).body.Code).toBe(100);
    expect((await callApiFrom(s, ATTACKER, 'auth/guest', { nickname: 'g1' })).body.Code).toBe(100);
    const guest = await callApiFrom(s, ATTACKER, 'auth/guest', { nickname: 'g2' });
    expect(guest.status).toBe(429);
    expect(guest.body.Msg).toMatch(/too many guest accounts/);
  });

  it('exempts trusted addresses (loopback by default) from the registration limits, as tests and the bench need', async () => {
    const s = await start({ auth: { registrationsPerIpPerHour: 1, guestsPerIpPerHour: 1 } });
    for (let i = 0; i < 3; i++) await registerUser(s);
    for (let i = 0; i < 2; i++) expect((await callApi(s, 'auth/guest', {})).body.Code).toBe(100);
  });

  it('bounds the hashing queue: a registration burst is refused with a retryable 503 while a sign-in still gets through', async () => {
    const s = await start({ auth: { hashConcurrency: 1, hashQueueMax: 1 } });
    const user = await registerUser(s);
    const burst = Array.from({ length: 12 }, (_, i) => callApi(s, 'auth/register', { Account: `burst${process.pid}_${i}`, Password: 'secret-password' }));
    const signin = callApi(s, 'auth/signin_v2', { Account: user.account, Password: user.password, Device: 5 });
    const answers = await Promise.all(burst);
    expect((await signin).body.Code).toBe(100);
    const busy = answers.filter((a) => a.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]!.body.Code).toBe(1001);
    expect(busy[0]!.body.Msg).toMatch(/registrations waiting/);
    expect(answers.filter((a) => a.body.Code === 100).length + busy.length).toBe(12);
  });

  it('refuses passwords shorter than 8 characters or all spaces with 400 and Code 300, on G1 and G2 registration', async () => {
    const s = await start();
    const g1 = await callApi(s, 'auth/register', { Account: 'shorty', Password: 'seven77' });
    expect(g1).toMatchObject({ status: 400, body: { Code: 300, Msg: expect.stringMatching(/Password must have at least 8 characters/) } });
    const g2 = await callApi(s, 'auth/register', { email: 'space@example.test', password: '        ', captcha: '1' });
    expect(g2).toMatchObject({ status: 400, body: { Code: 300, Msg: expect.stringMatching(/Password must not be only spaces/) } });
    expect((await callApi(s, 'auth/register', { Account: 'shorty', Password: 'eight888' })).body.Code).toBe(100);
  });

  it('normalises account names (case, NFKC, outer spaces): look-alikes cannot register and any spelling signs in', async () => {
    const s = await start();
    expect((await callApi(s, 'auth/register', { Account: 'Alice.N', Password: 'secret-password' })).body.Code).toBe(100);
    for (const lookAlike of ['alice.n', ' ALICE.N ', '\uFF41\uFF4C\uFF49\uFF43\uFF45.n']) {
      expect((await callApi(s, 'auth/register', { Account: lookAlike, Password: 'secret-password' })).body).toMatchObject({ Code: 1001, Msg: expect.stringMatching(/exists/) });
    }
    const signin = await callApi(s, 'auth/signin_v2', { Account: '\uFF21LICE.n ', Password: 'secret-password', Device: 2 });
    expect(signin.body.Code).toBe(100);
    const profile = await callApi(s, 'user/profile', {}, (signin.body.Data as { token: string }).token);
    expect(profile.body.Data).toMatchObject({ account: 'alice.n' });
  });

  it('registers and signs in with a 128-character e-mail', async () => {
    const s = await start();
    const email = `${'m'.repeat(64)}@${'d'.repeat(58)}.test`;
    expect((await callApi(s, 'auth/register', { email, password: 'secret-password' })).body).toMatchObject({ Code: 100 });
    expect((await callApi(s, 'auth/signin_v2', { email, password: 'secret-password' })).body.Code).toBe(100);
  });

  it('serves /metrics and app/info figures to admin addresses only', async () => {
    const s = await start({ server: { adminAddresses: [OWNER] } });
    await registerUser(s);
    const metrics = await callApiFrom(s, ATTACKER, '/metrics', undefined, undefined, 'GET');
    expect(metrics).toMatchObject({ status: 403, body: { Code: 1001 } });
    expect((await callApiFrom(s, OWNER, '/metrics', undefined, undefined, 'GET')).body.Msg).toContain('glide_auth_signins_total');
    const hidden = await callApiFrom(s, ATTACKER, 'app/info', undefined, undefined, 'GET');
    expect(hidden.body.Data).toEqual({ Online: 0, MaxOnline: 0, MessageSent: 0, StartAt: 0, OnlineCli: [] });
    const shown = await callApiFrom(s, OWNER, 'app/info', undefined, undefined, 'GET');
    expect((shown.body.Data as { StartAt: number }).StartAt).toBeGreaterThan(0);
  });

  it('sends nosniff, a content security policy and no framing with the page and the API', async () => {
    const s = await start();
    for (const path of ['/', '/api/app/info']) {
      const response = await fetch(`http://127.0.0.1:${s.httpPort}${path}`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });
});
