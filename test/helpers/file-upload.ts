import sharp from 'sharp';
import type { ServerAddress } from './test-server.js';

export interface UploadResponse {
  status: number;
  body: { Code: number; Msg: string; Data?: Record<string, unknown> };
}

/** `POST /api/file/upload` with one file part, as a browser's FormData sends it. */
export async function uploadFile(server: ServerAddress, token: string | undefined, bytes: Buffer, name: string, claimedType = 'application/octet-stream'): Promise<UploadResponse> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: claimedType }), name);
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  const response = await fetch(`http://127.0.0.1:${server.httpPort}/api/file/upload`, { method: 'POST', headers, body: form });
  return { status: response.status, body: (await response.json()) as UploadResponse['body'] };
}

/** GET a file path (as the upload returned it) with an optional bearer token. */
export async function download(server: ServerAddress, path: string, token?: string): Promise<{ status: number; type: string; disposition: string; bytes: Buffer }> {
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  const response = await fetch(`http://127.0.0.1:${server.httpPort}${path}`, { headers });
  return { status: response.status, type: response.headers.get('content-type') ?? '', disposition: response.headers.get('content-disposition') ?? '', bytes: Buffer.from(await response.arrayBuffer()) };
}

/** A real PNG of the given size (noise, so it does not compress to nothing). */
export async function makePng(width: number, height: number, seed = 1): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let x = seed;
  for (let i = 0; i < pixels.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    pixels[i] = x & 0xff;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}
