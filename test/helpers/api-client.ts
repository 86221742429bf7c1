import { request } from 'node:http';
import type { ServerAddress } from './test-server.js';

export interface ApiResponse {
  status: number;
  body: { Code: number; Msg: string; Data?: unknown };
}

/** Calls `POST /api/<path>` (or GET) on a test server, optionally with a bearer token. */
export async function callApi(server: ServerAddress, path: string, body: unknown = {}, token?: string, method: 'POST' | 'GET' = 'POST'): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (method === 'POST') headers['content-type'] = 'application/json';
  const response = await fetch(`http://127.0.0.1:${server.httpPort}/api/${path}`, { method, headers, ...(method === 'POST' ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
  return { status: response.status, body: (await response.json()) as ApiResponse['body'] };
}

export interface TestUser {
  uid: number;
  account: string;
  password: string;
  token: string;
  credential: string;
}

let counter = 0;

/** Registers a fresh account and signs it in on `device` (2 = web by default). */
export async function registerUser(server: ServerAddress, options: { device?: number; prefix?: string } = {}): Promise<TestUser> {
  const account = `${options.prefix ?? 'user'}${process.pid}_${++counter}`;
  const password = 'secret-password';
  const registered = await callApi(server, 'auth/register', { Account: account, Password: password });
  if (registered.body.Code !== 100) throw new Error(`register failed: ${JSON.stringify(registered.body)}`);
  return signin(server, account, password, options.device ?? 2);
}

export async function signin(server: ServerAddress, account: string, password: string, device = 2): Promise<TestUser> {
  const response = await callApi(server, 'auth/signin_v2', { Account: account, Password: password, Device: device });
  if (response.body.Code !== 100) throw new Error(`signin failed: ${JSON.stringify(response.body)}`);
  const data = response.body.Data as { uid: number; token: string; credential: { credential: string } };
  return { uid: data.uid, account, password, token: data.token, credential: data.credential.credential };
}

/** Calls `POST /api/<path>` (or GET; a `path` starting with `/` is taken as is) from another loopback address (e.g. 127.0.0.2), as a client elsewhere would. */
export function callApiFrom(server: ServerAddress, localAddress: string, path: string, body: unknown = {}, token?: string, method: 'POST' | 'GET' = 'POST'): Promise<ApiResponse & { headers: Record<string, string | string[] | undefined> }> {
  const payload = method === 'POST' ? JSON.stringify(body) : undefined;
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (payload !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.httpPort, localAddress, method, path: path.startsWith('/') ? path : `/api/${path}`, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: ApiResponse['body'];
        try {
          parsed = JSON.parse(text) as ApiResponse['body'];
        } catch {
          parsed = { Code: 0, Msg: text };
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
