/**
 * Every HTTP route (from app.routes.describe(), so a new route is fuzzed without editing this file) on
 * junk bodies: the answer is a 4xx or a 200 in the `{Code, Msg}` envelope, never a 5xx; a refused
 * request changes no stored state; the server stays healthy.
 */
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, registerUser, type TestUser } from '../helpers/api-client.js';
import { fcOptions, fieldKey, fuzzTimeoutMs, HUGE_NUMBERS, junkBodyText, junkValue, nestedText, objectText, ROUTE_FIELDS } from '../helpers/fuzz.js';
import { snapshotState, type Watched } from '../helpers/state-snapshot.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

type RouteInfo = ReturnType<TestServer['app']['routes']['describe']>[number];

interface Answer {
  status: number;
  body: { Code?: unknown; Msg?: unknown };
}

/** GlideIM's business codes: HTTP 200 with one of these is a refusal, not a success. */
const BUSINESS_CODES = [1001, 1002, 1003, 2001, 2002, 2003, 3001, 3002, 3003, 4001, 4002, 4003, 4004, 4005];
const SUCCESS = 100;
const RUNS_PER_ROUTE = 10;
const DEVICE = 2;

const CONTENT_TYPES = ['application/json', 'application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', undefined] as const;

/** encodeURIComponent for any string: lone surrogates become U+FFFD first (they cannot be percent-encoded). */
const encode = (text: string): string => encodeURIComponent(Buffer.from(text, 'utf8').toString('utf8'));

describe('HTTP routes on junk bodies', () => {
  let server: TestServer;
  let fuzzer: TestUser;
  let peer: TestUser;
  let stranger: TestUser;
  let gid: number;
  let routes: RouteInfo[];
  let watched: Watched;
  let ids: number[];

  beforeAll(async () => {
    server = await startTestServer({ messaging: { maxMessagesPerSecond: 100_000 } });
    [fuzzer, peer, stranger] = [await registerUser(server, { prefix: 'fuzzer' }), await registerUser(server), await registerUser(server)];
    // Some state to break: a contact, a group the fuzzer is a plain member of, and someone who blocks it.
    expect((await callApi(server, 'contacts/add', { Uid: fuzzer.uid }, peer.token)).body.Code).toBe(SUCCESS);
    const created = await callApi(server, 'group/create', { Name: 'fuzz', Member: [fuzzer.uid] }, peer.token);
    gid = (created.body.Data as { Gid: number }).Gid;
    expect((await callApi(server, 'session/blacklist/add', { relative_ids: [fuzzer.uid] }, stranger.token)).body.Code).toBe(SUCCESS);
    routes = server.app.routes.describe();
    watched = { users: [fuzzer, peer, stranger].map((u) => ({ uid: u.uid, device: DEVICE })), gids: [gid] };
    ids = [fuzzer.uid, peer.uid, stranger.uid, gid];
  });
  afterAll(async () => {
    await server.close();
  });

  async function send(route: RouteInfo, text: string | undefined, contentType: string | undefined, query = ''): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Bearer ${fuzzer.token}` };
    if (contentType !== undefined) headers['content-type'] = contentType;
    const isGet = route.method === 'GET';
    const response = await fetch(`http://127.0.0.1:${server.httpPort}/api/${route.path}${query}`, { method: route.method, headers, ...(isGet || text === undefined ? {} : { body: text }) });
    const raw = await response.text();
    let body: Answer['body'];
    try {
      body = JSON.parse(raw) as Answer['body'];
    } catch {
      throw new Error(`${route.path}: answer is not JSON (HTTP ${response.status}): ${raw.slice(0, 200)}`);
    }
    return { status: response.status, body };
  }

  /** Stored state as of the last request: a refusal must leave it as it is, a success moves it on. */
  let known: unknown;

  /** The answer is in the envelope and a clean refusal or a success; a refusal changed nothing. */
  async function check(route: RouteInfo, request: () => Promise<Answer>, what: string): Promise<void> {
    known ??= await snapshotState(server.app.store, watched);
    const { status, body } = await request();
    const after = await snapshotState(server.app.store, watched);
    const where = `${route.path} ${what.slice(0, 300)} → ${status} ${JSON.stringify(body).slice(0, 300)}`;
    expect(status, where).toBeLessThan(500);
    expect(typeof body.Code === 'number' && typeof body.Msg === 'string', where).toBe(true);
    expect(body.Msg, where).not.toBe('internal error');
    if (status === 200 && body.Code === SUCCESS) {
      // A junk body that happened to be valid: fine. A logout revoked the fuzzer's token, so take a fresh one.
      if (route.path === 'auth/logout') fuzzer.token = await server.app.accounts.tokenFor(fuzzer.uid, DEVICE);
      known = route.path === 'auth/logout' ? undefined : after;
      return;
    }
    if (status === 200) expect(BUSINESS_CODES, where).toContain(body.Code);
    else expect(status >= 400 && (status !== 400 || body.Code === 300), where).toBe(true);
    expect(after, `${where}: a refused request changed stored state`).toEqual(known);
  }

  it('covers every route of the table', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(new Set(routes.map((r) => r.path)).size).toBe(routes.length);
  });

  it(
    'answers generated junk on every route with a 4xx or a business error, never a 5xx, and a refusal changes nothing',
    async () => {
      for (const [index, route] of routes.entries()) {
        const query = fc.array(fc.tuple(fieldKey(ROUTE_FIELDS), junkValue(ids)), { maxLength: 4 }).map((entries) => {
          // Values are capped so the URL stays under Node's 16 KiB header limit (see the 431 test below).
          const params = entries.map(([key, value]) => `${encode(key)}=${encode((typeof value === 'string' ? value : JSON.stringify(value) ?? '').slice(0, 2_000))}`);
          return params.length > 0 ? `?${params.join('&')}` : '';
        });
        const request = route.method === 'GET'
          ? fc.tuple(fc.constant(undefined), fc.constant(undefined), fc.oneof(query, fc.constantFrom('?a[b]=1', '?__proto__[x]=1', '?Gid=%ZZ', '?' + 'x'.repeat(5_000))))
          : fc.tuple(junkBodyText(ROUTE_FIELDS, ids, route.requiredFields), fc.constantFrom(...CONTENT_TYPES), fc.constant(''));
        await fc.assert(
          fc.asyncProperty(request, async ([text, contentType, search]) => check(route, () => send(route, text, contentType, search), `${contentType} ${text ?? search}`)),
          fcOptions(RUNS_PER_ROUTE, 100 + index),
        );
      }
    },
    fuzzTimeoutMs(RUNS_PER_ROUTE * 45, 15),
  );

  it(
    'refuses hand-picked hostile bodies on every route: huge and deep values, proto keys, over-limit bodies, wrong content types',
    async () => {
      const limit = server.app.config.gateway.maxFrameBytes;
      for (const route of routes.filter((r) => r.method === 'POST')) {
        const fields = route.requiredFields.length > 0 ? route.requiredFields : ['Gid'];
        const bodies: [string | undefined, string | undefined][] = [
          [undefined, 'application/json'],
          ['', 'application/json'],
          ['{', 'application/json'],
          ['[]', 'application/json'],
          ['"text"', 'application/json'],
          ['1e308', 'application/json'],
          ['null', 'application/json'],
          ['{"__proto__":{"isAdmin":true}}', 'application/json'],
          ['{"constructor":{"prototype":{"isAdmin":true}}}', 'application/json'],
          [nestedText(20_000), 'application/json'],
          ['['.repeat(32_000) + ']'.repeat(32_000), 'application/json'],
          ['{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000), 'application/json'],
          [`{"${fields[0]}":${nestedText(20_000)}}`, 'application/json'],
          [objectText(fields.map((f) => [f, 'x'.repeat(limit + 10)])), 'application/json'],
          [objectText(fields.map((f) => [f, 'y'.repeat(limit - 200)])), 'application/json'],
          ['{}', 'text/plain'],
          ['{}', 'application/json; charset=utf-16'],
          ['{}', 'multipart/form-data; boundary=x'],
          ...HUGE_NUMBERS.filter((_, i) => i % 3 === 0).map((n): [string, string] => [objectText(fields.map((f) => [f, n])), 'application/json']),
          [objectText(fields.flatMap((f) => [[f, 1], [f.toLowerCase(), 'dup'], [f.toUpperCase(), [1]]])), 'application/json'],
        ];
        for (const [text, contentType] of bodies) await check(route, () => send(route, text, contentType), `${contentType} ${text?.slice(0, 80)}`);
      }
    },
    fuzzTimeoutMs(1, 60_000),
  );

  it('refuses forged and garbled bearer tokens with 401 on every private route', async () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = { uid: fuzzer.uid, device: DEVICE, ver: 1_000, exp: Math.floor(Date.now() / 1000) + 3_600 };
    const [head, , signature] = fuzzer.token.split('.');
    const headers = [
      `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
      `Bearer ${head}.${b64({ ...claims, uid: 1 })}.${signature}`,
      `Bearer ${await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode('secret'))}`,
      `Bearer ${fuzzer.token}x`,
      `Bearer ${'a'.repeat(8_000)}`,
      'Bearer',
      `Basic ${Buffer.from('user:pass').toString('base64')}`,
      `Bearer ${fuzzer.token} ${fuzzer.token}`,
    ];
    for (const route of routes.filter((r) => !r.isPublic)) {
      for (const authorization of headers) {
        const response = await fetch(`http://127.0.0.1:${server.httpPort}/api/${route.path}`, { method: route.method, headers: { authorization, ...(route.method === 'POST' ? { 'content-type': 'application/json' } : {}) }, ...(route.method === 'POST' ? { body: '{}' } : {}) });
        expect([route.path, authorization.slice(0, 40), response.status, ((await response.json()) as { Code: number }).Code]).toEqual([route.path, authorization.slice(0, 40), 401, 1001]);
      }
    }
  });

  // Node's HTTP parser refuses headers over 16 KiB before any route: the answer must still be `{Code, Msg}`.
  it('answers a request whose headers exceed the limit with 431 in the {Code, Msg} envelope', async () => {
    const response = await fetch(`http://127.0.0.1:${server.httpPort}/api/app/info?x=${'y'.repeat(20_000)}`);
    expect(response.status).toBe(431);
    expect(await response.json()).toEqual({ Code: 1001, Msg: expect.any(String) });
  });

  it('is still healthy and serves the fuzzing user afterwards', async () => {
    const health = await fetch(`http://127.0.0.1:${server.httpPort}/api/health`);
    expect(health.status).toBe(200);
    const profile = await callApi(server, 'user/profile', {}, fuzzer.token);
    expect([profile.status, profile.body.Code]).toEqual([200, SUCCESS]);
  });
});
