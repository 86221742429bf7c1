import { asRecord, num, text } from './api-types.js';
import { GlideClientError } from './errors.js';
import { unwrap, type ApiCaller, type FetchLike } from './http-api.js';
import { MESSAGE_TYPES } from './types.js';

/** An uploaded file as the server describes it; every URL is absolute. */
export interface UploadedFile {
  id: string;
  name: string;
  size: number;
  /** Sniffed by the server from the bytes. */
  type: string;
  width?: number;
  height?: number;
  /** Stable: needs the bearer token. Put this in messages. */
  url: string;
  thumbUrl?: string;
  /** Work without a token until `expiresAt` (seconds): for `<img src>` and download links. */
  signedUrl: string;
  signedThumbUrl?: string;
  expiresAt: number;
}

/** What an image, audio, video or file message carries as its content (JSON). */
export interface FileContent {
  id: string;
  url: string;
  thumbUrl?: string;
  name: string;
  size: number;
  type: string;
  width?: number;
  height?: number;
  /** Seconds, for voice and video, as the recording app measured it. */
  duration?: number;
}

/** Uploads (`POST /api/file/upload`, multipart) and fresh signed links (`file/url`). */
export class FileApi {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly token: () => string | undefined,
    private readonly call: ApiCaller,
    private readonly fetchImpl?: FetchLike,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  /** Uploads one file (a browser `File`/`Blob`, or a Node `Blob`); the server sniffs its type and makes a thumbnail of images. */
  async upload(file: Blob, name?: string): Promise<UploadedFile> {
    const doFetch = this.fetchImpl ?? (globalThis.fetch as FetchLike | undefined);
    if (!doFetch) throw new GlideClientError('NETWORK', 'no fetch available: pass one in the client options');
    const bearer = this.token();
    if (!bearer) throw new GlideClientError('AUTH_FAILED', 'sign in before uploading');
    const form = new FormData();
    form.append('file', file, name ?? (file as Blob & { name?: string }).name ?? 'file');
    let status: number;
    let reply: unknown;
    try {
      const response = await doFetch(`${this.base}/api/file/upload`, { method: 'POST', headers: { authorization: `Bearer ${bearer}` }, body: form });
      status = response.status;
      reply = await response.json();
    } catch (err) {
      throw new GlideClientError('NETWORK', `file/upload: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    return this.read(unwrap('file/upload', reply, status));
  }

  /** The file's description with fresh signed links (they expire; ask again when they have). */
  async link(id: string): Promise<UploadedFile> {
    return this.read(await this.call('file/url', { Id: id }, 'POST'));
  }

  private read(data: unknown): UploadedFile {
    const w = asRecord(data);
    const absolute = (key: string): string | undefined => (typeof w[key] === 'string' ? this.base + (w[key] as string) : undefined);
    const file: UploadedFile = { id: text(w, 'Id'), name: text(w, 'Name'), size: num(w, 'Size'), type: text(w, 'Type'), url: absolute('Url') ?? '', signedUrl: absolute('SignedUrl') ?? '', expiresAt: num(w, 'ExpiresAt') };
    if (typeof w.Width === 'number' && typeof w.Height === 'number') Object.assign(file, { width: w.Width, height: w.Height });
    const thumb = absolute('ThumbUrl');
    if (thumb) Object.assign(file, { thumbUrl: thumb, signedThumbUrl: absolute('SignedThumbUrl') });
    return file;
  }
}

/** The message type and content for sending an uploaded file: image, audio, video or file by its sniffed type. */
export function fileMessage(file: UploadedFile, extra: { duration?: number } = {}): { type: number; content: string } {
  const kind = file.type.split('/', 1)[0];
  const type = kind === 'image' && file.thumbUrl ? MESSAGE_TYPES.IMAGE : kind === 'audio' ? MESSAGE_TYPES.AUDIO : kind === 'video' ? MESSAGE_TYPES.VIDEO : MESSAGE_TYPES.FILE;
  const content: FileContent = { id: file.id, url: file.url, name: file.name, size: file.size, type: file.type };
  if (file.thumbUrl) content.thumbUrl = file.thumbUrl;
  if (file.width !== undefined && file.height !== undefined) Object.assign(content, { width: file.width, height: file.height });
  if (extra.duration !== undefined) content.duration = extra.duration;
  return { type, content: JSON.stringify(content) };
}

const FILE_MESSAGE_TYPES: ReadonlySet<number> = new Set([MESSAGE_TYPES.IMAGE, MESSAGE_TYPES.AUDIO, MESSAGE_TYPES.VIDEO, MESSAGE_TYPES.FILE]);

/** The file a message carries, when it is a file message sent as `fileMessage` makes it; else undefined (GlideIM clients send a bare URL). */
export function readFileMessage(message: { type: number; content: string }): FileContent | undefined {
  if (!FILE_MESSAGE_TYPES.has(message.type)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.content);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const w = parsed as Record<string, unknown>;
  if (typeof w.id !== 'string' || typeof w.url !== 'string') return undefined;
  const content: FileContent = { id: w.id, url: w.url, name: typeof w.name === 'string' ? w.name : 'file', size: typeof w.size === 'number' ? w.size : 0, type: typeof w.type === 'string' ? w.type : 'application/octet-stream' };
  if (typeof w.thumbUrl === 'string') content.thumbUrl = w.thumbUrl;
  if (typeof w.width === 'number' && typeof w.height === 'number') Object.assign(content, { width: w.width, height: w.height });
  if (typeof w.duration === 'number') content.duration = w.duration;
  return content;
}
