import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/index.js';
import { callApi, registerUser } from '../helpers/api-client.js';
import { download, makePng, uploadFile } from '../helpers/file-upload.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

describe('file uploads on disk', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ files: { maxFileBytes: 200_000, quotaBytesPerUser: 1_000_000, uploadsPerMinute: 1_000 } });
  });

  afterAll(async () => {
    await server.close();
  });

  it('stores an image with its sniffed type, size and a thumbnail, and serves both back', async () => {
    const user = await registerUser(server);
    const png = await makePng(640, 480);
    const uploaded = await uploadFile(server, user.token, png, 'holiday.png', 'text/plain');
    expect(uploaded.status).toBe(200);
    const info = uploaded.body.Data!;
    expect(info).toMatchObject({ Name: 'holiday.png', Size: png.length, Type: 'image/png', Width: 640, Height: 480 });
    const original = await download(server, info.Url as string, user.token);
    expect(original.status).toBe(200);
    expect(original.type).toBe('image/png');
    expect(original.bytes.equals(png)).toBe(true);
    // The signed link works without the token: what an <img src> does.
    const thumb = await download(server, info.SignedThumbUrl as string);
    expect(thumb.status).toBe(200);
    expect(thumb.type).toBe('image/webp');
    const meta = await sharp(thumb.bytes).metadata();
    expect(Math.max(meta.width, meta.height)).toBe(320);
  });

  it('refuses downloads without a token or with a forged signature', async () => {
    const user = await registerUser(server);
    const info = (await uploadFile(server, user.token, Buffer.from('plain notes\n'), 'notes.txt')).body.Data!;
    expect((await download(server, info.Url as string)).status).toBe(401);
    const forged = (info.SignedUrl as string).replace(/sig=[^&]+/, 'sig=AAAA');
    expect((await download(server, forged)).status).toBe(403);
    const otherFile = (info.SignedUrl as string).replace(info.Id as string, 'A'.repeat(22));
    expect((await download(server, otherFile)).status).toBe(403);
    expect((await download(server, '/api/file/' + 'B'.repeat(22), user.token)).status).toBe(404);
  });

  it('serves what is not media as an attachment of unknown type, whatever the client claimed', async () => {
    const user = await registerUser(server);
    const page = Buffer.from('<html><script>alert(1)</script></html>');
    const info = (await uploadFile(server, user.token, page, 'page.html', 'text/html')).body.Data!;
    expect(info.Type).toBe('application/octet-stream');
    expect(info.ThumbUrl).toBeUndefined();
    const got = await download(server, info.Url as string, user.token);
    expect(got.type).toBe('application/octet-stream');
    expect(got.disposition).toMatch(/^attachment; filename\*=UTF-8''page\.html$/);
  });

  it('keeps the bytes of identical uploads once, with one record per upload', async () => {
    const a = await registerUser(server);
    const b = await registerUser(server);
    const png = await makePng(50, 40, 7);
    const first = (await uploadFile(server, a.token, png, 'a.png')).body.Data!;
    const second = (await uploadFile(server, b.token, png, 'b.png')).body.Data!;
    expect(second.Id).not.toBe(first.Id);
    expect(second).toMatchObject({ Name: 'b.png', Width: 50, Height: 40 });
    const stored = readdirSync(join(server.dataDir, 'files'), { recursive: true }).filter((name) => String(name).includes('.') === false && String(name).length === 67);
    const sha = (await import('node:crypto')).createHash('sha256').update(png).digest('hex');
    expect(stored.filter((name) => String(name).endsWith(sha))).toHaveLength(1);
    expect((await download(server, second.Url as string, b.token)).bytes.equals(png)).toBe(true);
  });

  it('refuses an empty part, a JSON body, a too large file and an image that does not decode', async () => {
    const user = await registerUser(server);
    expect((await uploadFile(server, user.token, Buffer.alloc(0), 'empty.bin')).body.Msg).toMatch(/empty/);
    const json = await callApi(server, 'file/upload', { a: 1 }, user.token);
    expect(json.status).toBe(400);
    const large = await uploadFile(server, user.token, Buffer.alloc(200_001, 1), 'large.bin');
    expect(large.status).toBe(413);
    const broken = Buffer.concat([(await makePng(10, 10)).subarray(0, 40), Buffer.alloc(100, 7)]);
    const bad = await uploadFile(server, user.token, broken, 'broken.png');
    expect(bad.status).toBe(400);
    expect(bad.body.Msg).toMatch(/image/);
    expect((await uploadFile(server, undefined, Buffer.from('x'), 'x.txt')).status).toBe(401);
  });

  it('stops a user at the quota, counting every upload', async () => {
    const user = await registerUser(server);
    const chunk = Buffer.alloc(190_000, 3);
    for (let i = 0; i < 5; i++) expect((await uploadFile(server, user.token, Buffer.concat([chunk, Buffer.from([i])]), `part${i}.bin`)).status).toBe(200);
    const over = await uploadFile(server, user.token, Buffer.concat([chunk, Buffer.from([9])]), 'over.bin');
    expect(over.status).toBe(413);
    expect(over.body.Msg).toMatch(/quota/);
    // Another user is not affected.
    const other = await registerUser(server);
    expect((await uploadFile(server, other.token, chunk, 'fine.bin')).status).toBe(200);
  });

  it('gives fresh signed links through file/url, over HTTP and the long connection alike', async () => {
    const user = await registerUser(server);
    const info = (await uploadFile(server, user.token, await makePng(20, 20, 3), 'x.png')).body.Data!;
    const again = await callApi(server, 'file/url', { Id: info.Id }, user.token);
    expect(again.body.Data).toMatchObject({ Id: info.Id, Type: 'image/png', Width: 20 });
    expect((await download(server, (again.body.Data as { SignedUrl: string }).SignedUrl)).status).toBe(200);
    expect((await callApi(server, 'file/url', { Id: 'nope' }, user.token)).status).toBe(404);
  });
});

describe('file upload limits over time', () => {
  let server: TestServer | undefined;

  afterEach(async () => {
    await server?.close();
  });

  it('rate-limits uploads per user and lets signed links expire', async () => {
    const clock = new ManualClock(Date.now());
    server = await startTestServer({ files: { uploadsPerMinute: 2, urlTtlSec: 60 } }, { clock });
    const user = await registerUser(server);
    const first = (await uploadFile(server, user.token, Buffer.from('one'), 'one.txt')).body.Data!;
    expect((await uploadFile(server, user.token, Buffer.from('two'), 'two.txt')).status).toBe(200);
    const third = await uploadFile(server, user.token, Buffer.from('three'), 'three.txt');
    expect(third.status).toBe(429);
    clock.advance(61_000);
    expect((await download(server, first.SignedUrl as string)).status).toBe(403);
    expect((await uploadFile(server, user.token, Buffer.from('four'), 'four.txt')).status).toBe(200);
  });
});
