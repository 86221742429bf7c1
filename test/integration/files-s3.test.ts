import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/api-client.js';
import { download, makePng, uploadFile } from '../helpers/file-upload.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const BUCKET = 'glide-files';

/** A real S3-protocol server (s3rver) on a free loopback port, with one bucket. */
async function startS3(): Promise<{ endpoint: string; stop(): Promise<void>; restart(): Promise<void>; close(): Promise<void> }> {
  const directory = mkdtempSync(join(tmpdir(), 'glide-s3-'));
  const make = (port: number) => new S3rver({ address: '127.0.0.1', port, silent: true, directory, configureBuckets: [{ name: BUCKET, configs: [] }] });
  let s3: S3rver | undefined = make(0);
  const { port } = (await s3.run()) as { port: number };
  const stop = async () => {
    await s3?.close();
    s3 = undefined;
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop,
    async restart() {
      s3 = make(port);
      await s3.run();
    },
    async close() {
      await stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

describe('file uploads in an S3-compatible bucket', () => {
  let s3: Awaited<ReturnType<typeof startS3>>;
  let server: TestServer;

  beforeAll(async () => {
    s3 = await startS3();
    server = await startTestServer({
      files: { storage: 's3', s3: { endpoint: s3.endpoint, region: 'us-east-1', bucket: BUCKET, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true } },
    });
  });

  afterAll(async () => {
    await server?.close();
    await s3?.close();
  });

  it('round-trips an image and its thumbnail through the bucket', async () => {
    const user = await registerUser(server);
    const png = await makePng(800, 200, 5);
    const uploaded = await uploadFile(server, user.token, png, 'wide.png');
    expect(uploaded.status).toBe(200);
    const info = uploaded.body.Data!;
    expect(info).toMatchObject({ Type: 'image/png', Width: 800, Height: 200 });
    const original = await download(server, info.SignedUrl as string);
    expect(original.bytes.equals(png)).toBe(true);
    const thumb = await download(server, info.ThumbUrl as string, user.token);
    expect(thumb.status).toBe(200);
    expect(thumb.type).toBe('image/webp');
  });

  it('refuses an upload while the bucket is unreachable and records nothing, then works again', async () => {
    const user = await registerUser(server);
    await s3.stop();
    const refused = await uploadFile(server, user.token, Buffer.from('while down'), 'down.txt');
    expect(refused.status).toBe(503);
    expect(refused.body.Msg).toMatch(/storage/);
    expect(await server.app.store.files.usedBytes(user.uid)).toBe(0);
    await s3.restart();
    expect((await uploadFile(server, user.token, Buffer.from('back up'), 'up.txt')).status).toBe(200);
  });
});
