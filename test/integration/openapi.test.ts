import { afterEach, describe, expect, it } from 'vitest';
import { callApi, registerUser } from '../helpers/api-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

interface Operation {
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> };
  parameters?: { name: string; in: string; required?: boolean }[];
  responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> }>;
  security?: unknown[];
}

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
}

describe('OpenAPI document and /api/docs', () => {
  let server: TestServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('describes every route with its request schema and the {Code, Msg, Data} envelope', async () => {
    server = await startTestServer();
    const response = await fetch(`http://127.0.0.1:${server.httpPort}/api/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as OpenApiDocument;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('Glide HTTP API');

    const routes = server.app.routes.describe();
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) {
      const operation = doc.paths[`/api/${route.path}`]?.[route.method.toLowerCase()];
      expect(operation, route.path).toBeDefined();
      if (!operation) continue;
      if (route.method === 'POST') {
        const body = operation.requestBody?.content['application/json']?.schema;
        expect(body, route.path).toBeDefined();
        expect(body?.required ?? [], route.path).toEqual(route.requiredFields);
        for (const field of route.requiredFields) expect(body?.properties, `${route.path} ${field}`).toHaveProperty(field);
      } else {
        const names = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        expect(names, route.path).toEqual(expect.arrayContaining(route.requiredFields));
      }
      const envelope = operation.responses['200']?.content?.['application/json']?.schema;
      expect(Object.keys(envelope?.properties ?? {}), route.path).toEqual(['Code', 'Msg', 'Data']);
      expect(envelope?.required, route.path).toEqual(['Code', 'Msg']);
      expect(operation.security === undefined, route.path).toBe(route.isPublic);
    }
  });

  it('keeps serving GlideIM case-insensitive bodies and unlisted result fields with the schemas attached', async () => {
    server = await startTestServer();
    const alice = await registerUser(server, { prefix: 'docs' });
    const info = await callApi(server, 'user/info', { uid: [alice.uid] }, alice.token);
    expect(info.body).toMatchObject({ Code: 100, Data: [expect.objectContaining({ Uid: alice.uid, Account: alice.account })] });
    const bad = await callApi(server, 'user/info', { Uid: 'x' }, alice.token);
    expect(bad.body.Code).toBe(300);
  });

  it('serves Swagger UI at /api/docs from the package, with its own CSP and nothing from elsewhere', async () => {
    server = await startTestServer();
    const base = `http://127.0.0.1:${server.httpPort}`;
    const page = await fetch(`${base}/api/docs/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets.length).toBeGreaterThan(3);
    for (const asset of assets) {
      expect(asset, asset).not.toMatch(/^(https?:)?\/\//);
      expect((await fetch(new URL(asset, `${base}/api/docs/`))).status, asset).toBe(200);
    }
    const initializer = await (await fetch(`${base}/api/docs/static/swagger-initializer.js`)).text();
    // The document comes from this server and no validator badge is fetched from swagger.io.
    expect(initializer).toContain("url: resolveUrl('./json')");
    expect(initializer).toContain('validatorUrl: null');
  });
});
