import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/index.js';
import { callApi, registerUser, signin, type TestUser } from '../helpers/api-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/** Every route of the table, so a route added later is covered without editing this file. */
describe('guards on every API route', () => {
  const clock = new ManualClock(Date.now());
  let server: TestServer;
  let user: TestUser;
  let routes: ReturnType<TestServer['app']['routes']['describe']>;

  beforeAll(async () => {
    server = await startTestServer({ auth: { tokenTtlSec: 3600 } }, { clock });
    user = await registerUser(server);
    routes = server.app.routes.describe();
  });
  afterAll(async () => {
    await server.close();
  });

  const privateRoutes = () => routes.filter((route) => !route.isPublic);

  it('has routes to check', () => {
    expect(privateRoutes().length).toBeGreaterThan(30);
  });

  it('refuses a missing, malformed or foreign-signed token with 401 on every private route', async () => {
    const forged = `${user.token.split('.').slice(0, 2).join('.')}.AAAA`;
    for (const route of privateRoutes()) {
      for (const token of [undefined, 'not-a-token', forged]) {
        const reply = await callApi(server, route.path, {}, token, route.method);
        expect([route.path, reply.status, reply.body.Code]).toEqual([route.path, 401, 1001]);
      }
    }
  });

  it('refuses a revoked token with 401 on every private route', async () => {
    const old = await signin(server, user.account, user.password, 5);
    await signin(server, user.account, user.password, 5);
    for (const route of privateRoutes()) {
      const reply = await callApi(server, route.path, {}, old.token, route.method);
      expect([route.path, reply.status]).toEqual([route.path, 401]);
    }
  });

  it('refuses an expired token with 401 on every private route', async () => {
    const soon = await signin(server, user.account, user.password, 6);
    clock.advance(3601 * 1000);
    for (const route of privateRoutes()) {
      const reply = await callApi(server, route.path, {}, soon.token, route.method);
      expect([route.path, reply.status, reply.body.Msg]).toEqual([route.path, 401, expect.stringMatching(/expired/)]);
    }
  });

  it('refuses a body without its required fields with 400 naming the field, on every route', async () => {
    const fresh = await signin(server, user.account, user.password, 7);
    for (const route of routes.filter((r) => r.method === 'POST')) {
      const reply = await callApi(server, route.path, route.requiredFields.length > 0 ? {} : [1], fresh.token);
      expect([route.path, reply.status, reply.body.Code]).toEqual([route.path, 400, 300]);
      if (route.requiredFields.length > 0) expect(reply.body.Msg).toContain(route.requiredFields[0]);
    }
  });
});
