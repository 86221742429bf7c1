import { createECDH, randomBytes, type ECDH } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import ece from 'http_ece';
import type { TestCert } from './tls-cert.js';

export interface ReceivedPush {
  /** Which subscription it was sent to. */
  id: string;
  /** The payload, decrypted with the subscription's private key and auth secret. */
  payload: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

export interface Subscription {
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/**
 * A Web Push service on HTTPS (the test certificate): keeps each subscription's key pair, like a
 * browser, and decrypts what arrives (RFC 8291, aes128gcm). Answers 201, or `answerFor(id)`.
 */
export async function startWebPushReceiver(cert: TestCert) {
  const keys = new Map<string, { ecdh: ECDH; auth: string }>();
  const received: ReceivedPush[] = [];
  const answers = new Map<string, number>();
  let next = 0;
  const server = createHttpsServer({ cert: cert.cert, key: await import('node:fs').then((fs) => fs.readFileSync(cert.keyFile)) }, (req, res) => {
    void readBody(req).then((body) => {
      const id = (req.url ?? '').split('/').pop() ?? '';
      const status = answers.get(id) ?? 201;
      const key = keys.get(id);
      if (key && status === 201) {
        const plain = ece.decrypt(body, { version: 'aes128gcm', privateKey: key.ecdh, authSecret: key.auth });
        received.push({ id, payload: JSON.parse(plain.toString('utf8')) as Record<string, unknown>, headers: req.headers });
      }
      res.writeHead(status).end();
    });
  });
  const port = await listen(server);
  return {
    received,
    subscribe(): Subscription {
      const id = `sub${++next}`;
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16).toString('base64url');
      keys.set(id, { ecdh, auth });
      return { id, endpoint: `https://127.0.0.1:${port}/push/${id}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth } };
    },
    /** From now on the push service answers `status` for this subscription (410: expired). */
    answer(id: string, status: number): void {
      answers.set(id, status);
    },
    of(id: string): ReceivedPush[] {
      return received.filter((r) => r.id === id);
    },
    close: () => closeServer(server),
  };
}

export interface ReceivedCall {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A plain HTTP endpoint that records every call and answers with `handler` (default 200 `{}`). */
export async function startRecorder(options: { cert?: TestCert } = {}) {
  const calls: ReceivedCall[] = [];
  let handler: (call: ReceivedCall) => { status: number; body?: string } = () => ({ status: 200, body: '{}' });
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then((body) => {
      const call = { path: req.url ?? '', headers: req.headers, body: body.toString('utf8') };
      const answer = handler(call);
      // Only calls the endpoint took count as received: a refused one comes again.
      if (answer.status >= 200 && answer.status < 300) calls.push(call);
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body ?? '');
    });
  };
  const server: Server = options.cert ? createHttpsServer({ cert: options.cert.cert, key: (await import('node:fs')).readFileSync(options.cert.keyFile) }, onRequest) : createHttpServer(onRequest);
  const port = await listen(server);
  return {
    calls,
    url: `${options.cert ? 'https' : 'http'}://127.0.0.1:${port}`,
    answerWith(next: typeof handler): void {
      handler = next;
    },
    close: () => closeServer(server),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
