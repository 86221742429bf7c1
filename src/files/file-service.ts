import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { GlideError, WindowCounter, type Clock, type Logger } from '../core/index.js';
import { Counter, type MetricsRegistry } from '../metrics/index.js';
import type { FileStore, StoredFile } from '../store/index.js';
import { inspect, THUMBNAIL_TYPE } from './content-inspection.js';
import type { BlobStorage, FileInfo, FileSettings, LinkSigner } from './types.js';

const MINUTE_MS = 60_000;
const MAX_TRACKED_UPLOADERS = 100_000;
const MAX_NAME_CHARS = 255;
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
export const FILE_PATH_PREFIX = '/api/file/';
const THUMB_SUFFIX = '.thumb';

export type FileVariant = 'original' | 'thumbnail';

export interface FileServiceDeps {
  files: FileStore;
  storage: BlobStorage;
  signer: LinkSigner;
  clock: Clock;
  log: Logger;
  metrics: MetricsRegistry;
}

/** An upload's bytes as they arrived, with the name the client gave. */
export interface IncomingFile {
  name: string;
  bytes: Buffer;
}

export interface OpenedFile {
  stream: Readable;
  type: string;
  name: string;
  /** Content hash: a strong ETag. */
  etag: string;
}

/**
 * Uploads and downloads. Bytes are kept once per SHA-256 (a repeat upload of the same content costs a
 * record, not storage); each upload counts against its uploader's quota. The type is sniffed from the
 * bytes; images get their size and a thumbnail. Rate, concurrency, size and quota are checked before the
 * bytes are read where possible, and again on the bytes.
 */
export class FileService {
  private readonly recentUploads: WindowCounter;
  private inFlight = 0;
  private readonly uploads: Counter<'outcome'>;

  constructor(
    private readonly deps: FileServiceDeps,
    private readonly settings: FileSettings,
  ) {
    this.recentUploads = new WindowCounter(deps.clock, MINUTE_MS, MAX_TRACKED_UPLOADERS);
    this.uploads = new Counter({ name: 'glide_file_uploads_total', help: 'Uploads by outcome', labelNames: ['outcome'] as const, registers: [deps.metrics] });
  }

  get maxFileBytes(): number {
    return this.settings.maxFileBytes;
  }

  /** Checks the uploader's limits, then reads the bytes with `receive` and stores them. */
  async upload(owner: number, receive: () => Promise<IncomingFile>): Promise<FileInfo> {
    try {
      this.admit(owner);
    } catch (err) {
      this.uploads.inc({ outcome: (err as GlideError).code });
      throw err;
    }
    this.inFlight += 1;
    try {
      if ((await this.deps.files.usedBytes(owner)) >= this.settings.quotaBytesPerUser) throw new GlideError('FILE_QUOTA_EXCEEDED');
      const incoming = await receive();
      const file = await this.store(owner, incoming);
      this.uploads.inc({ outcome: 'stored' });
      return this.describe(file);
    } catch (err) {
      this.uploads.inc({ outcome: err instanceof GlideError ? err.code : 'error' });
      throw err;
    } finally {
      this.inFlight -= 1;
    }
  }

  /** The file's metadata with fresh signed links; FILE_NOT_FOUND for an unknown id. */
  async info(id: string): Promise<FileInfo> {
    return this.describe(await this.find(id));
  }

  /** The bytes to send; FILE_NOT_FOUND when the id (or its thumbnail) does not exist. */
  async open(id: string, variant: FileVariant): Promise<OpenedFile> {
    const file = await this.find(id);
    if (variant === 'thumbnail' && !file.hasThumbnail) throw new GlideError('FILE_NOT_FOUND', `${id} has no thumbnail`);
    const key = variant === 'thumbnail' ? file.sha256 + THUMB_SUFFIX : file.sha256;
    const stream = await this.deps.storage.get(key);
    if (!stream) {
      this.deps.log.error({ id, key }, 'file record without its bytes');
      throw new GlideError('FILE_NOT_FOUND', id);
    }
    return { stream, type: variant === 'thumbnail' ? THUMBNAIL_TYPE : file.type, name: file.name, etag: `"${key}"` };
  }

  /** For a download without a bearer token: the signed link must match and not have expired. */
  checkLink(path: string, expiresAtSec: number, signature: string): void {
    const isExpired = !Number.isSafeInteger(expiresAtSec) || expiresAtSec * 1000 < this.deps.clock.now();
    if (isExpired || !this.deps.signer.isValid(path, expiresAtSec, signature)) throw new GlideError('FILE_URL_INVALID');
  }

  private admit(owner: number): void {
    if (this.inFlight >= this.settings.maxConcurrentUploads) throw new GlideError('FILE_BUSY');
    if (!this.recentUploads.tryAdd(String(owner), this.settings.uploadsPerMinute)) {
      const resetAt = this.recentUploads.live(String(owner))?.resetAt ?? this.deps.clock.now();
      throw new GlideError('FILE_RATE_LIMITED', `retry in ${Math.max(1, Math.ceil((resetAt - this.deps.clock.now()) / 1000))} s`);
    }
  }

  private async store(owner: number, incoming: IncomingFile): Promise<StoredFile> {
    const { bytes } = incoming;
    if (bytes.length === 0) throw new GlideError('FILE_BAD_UPLOAD', 'the file is empty');
    if (bytes.length > this.settings.maxFileBytes) throw new GlideError('FILE_TOO_LARGE', `${bytes.length} bytes, at most ${this.settings.maxFileBytes}`);
    if ((await this.deps.files.usedBytes(owner)) + bytes.length > this.settings.quotaBytesPerUser) throw new GlideError('FILE_QUOTA_EXCEEDED');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const known = await this.deps.files.findByHash(sha256);
    const facts = known
      ? { type: known.type, width: known.width, height: known.height, hasThumbnail: known.hasThumbnail }
      : await this.keepBytes(sha256, bytes);
    const file: StoredFile = {
      id: randomBytes(16).toString('base64url'),
      owner,
      sha256,
      name: cleanName(incoming.name),
      size: bytes.length,
      ...facts,
      createdAt: this.deps.clock.now(),
    };
    await this.deps.files.add(file);
    return file;
  }

  private async keepBytes(sha256: string, bytes: Buffer): Promise<Pick<StoredFile, 'type' | 'width' | 'height' | 'hasThumbnail'>> {
    const found = await inspect(bytes, this.settings.thumbnailPx);
    await this.deps.storage.put(sha256, bytes, found.type);
    if (found.thumbnail) await this.deps.storage.put(sha256 + THUMB_SUFFIX, found.thumbnail, THUMBNAIL_TYPE);
    return { type: found.type, width: found.width ?? null, height: found.height ?? null, hasThumbnail: found.thumbnail !== undefined };
  }

  private async find(id: string): Promise<StoredFile> {
    const file = ID_PATTERN.test(id) ? await this.deps.files.get(id) : undefined;
    if (!file) throw new GlideError('FILE_NOT_FOUND', id);
    return file;
  }

  private describe(file: StoredFile): FileInfo {
    const expiresAt = Math.floor(this.deps.clock.now() / 1000) + this.settings.urlTtlSec;
    const url = filePath(file.id, 'original');
    const info: FileInfo = { Id: file.id, Name: file.name, Size: file.size, Type: file.type, Url: url, SignedUrl: this.signed(url, expiresAt), ExpiresAt: expiresAt };
    if (file.width !== null && file.height !== null) Object.assign(info, { Width: file.width, Height: file.height });
    if (file.hasThumbnail) {
      const thumb = filePath(file.id, 'thumbnail');
      Object.assign(info, { ThumbUrl: thumb, SignedThumbUrl: this.signed(thumb, expiresAt) });
    }
    return info;
  }

  private signed(path: string, expiresAt: number): string {
    return `${path}?exp=${expiresAt}&sig=${this.deps.signer.sign(path, expiresAt)}`;
  }
}

export function filePath(id: string, variant: FileVariant): string {
  return `${FILE_PATH_PREFIX}${id}${variant === 'thumbnail' ? '/thumb' : ''}`;
}

/** A name for display and Content-Disposition: no path, no control characters, bounded. */
function cleanName(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (raw.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').normalize('NFC').trim();
  return [...(base || 'file')].slice(0, MAX_NAME_CHARS).join('');
}
