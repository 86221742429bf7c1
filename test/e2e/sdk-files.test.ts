import sharp from 'sharp';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { fileMessage, GlideClient, isClientError, readFileMessage, type Message } from '../../src/client/index.js';
import { registerUser, type TestUser } from '../helpers/api-client.js';
import { makePng } from '../helpers/file-upload.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

describe('SDK files', () => {
  let server: TestServer | undefined;
  const clients: GlideClient[] = [];

  async function connect(user: TestUser): Promise<GlideClient> {
    const client = new GlideClient({ url: `http://127.0.0.1:${server!.httpPort}`, WebSocket });
    clients.push(client);
    await client.connect(user.token);
    return client;
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await server?.close();
    server = undefined;
  });

  it('uploads an image, sends it as an image message, and the receiver opens its thumbnail', async () => {
    server = await startTestServer();
    const [alice, bob] = [await registerUser(server), await registerUser(server)];
    const [a, b] = [await connect(alice), await connect(bob)];
    const received: Message[] = [];
    b.on('message', (message) => received.push(message));

    const png = await makePng(300, 600, 11);
    const uploaded = await a.files.upload(new Blob([png], { type: 'image/png' }), 'tall.png');
    expect(uploaded).toMatchObject({ name: 'tall.png', type: 'image/png', width: 300, height: 600, size: png.length });
    expect(uploaded.url).toBe(`http://127.0.0.1:${server.httpPort}/api/file/${uploaded.id}`);
    const { type, content } = fileMessage(uploaded);
    expect(type).toBe(2);
    await a.send(bob.uid, content, { type });

    await waitFor(() => received.length === 1, 5_000);
    const file = readFileMessage(received[0]!);
    expect(file).toMatchObject({ id: uploaded.id, name: 'tall.png', width: 300, height: 600 });
    const link = await b.files.link(file!.id);
    const thumb = await fetch(link.signedThumbUrl!);
    expect(thumb.status).toBe(200);
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([160, 320]);
    const original = await fetch(link.url, { headers: { authorization: `Bearer ${bob.token}` } });
    expect(Buffer.from(await original.arrayBuffer()).equals(png)).toBe(true);
  });

  it('reports a refused upload as an API error with the server’s reason', async () => {
    server = await startTestServer({ files: { maxFileBytes: 1_000 } });
    const a = await connect(await registerUser(server));
    const refused = await a.files.upload(new Blob([Buffer.alloc(2_000)]), 'big.bin').catch((err: unknown) => err);
    expect(isClientError(refused) && refused.code === 'API_ERROR' && refused.detail.httpStatus === 413).toBe(true);
  });

  it('reads GlideIM clients’ bare-URL image messages as no file, and file messages without a thumbnail as files', () => {
    expect(readFileMessage({ type: 2, content: 'https://example.com/a.png' })).toBeUndefined();
    const plain = fileMessage({ id: 'x', name: 'a.pdf', size: 3, type: 'application/pdf', url: 'http://h/api/file/x', signedUrl: '', expiresAt: 0 });
    expect(plain.type).toBe(5);
    expect(readFileMessage(plain)).toEqual({ id: 'x', url: 'http://h/api/file/x', name: 'a.pdf', size: 3, type: 'application/pdf' });
  });
});
