import type { Readable } from 'node:stream';

/**
 * Where file bytes live, keyed by content (a hex SHA-256, plus a suffix for derived variants).
 * `put` is idempotent: the same key always holds the same bytes, so a repeat or a race is harmless.
 * `put` returns only once the bytes are durable (synced to disk, or acknowledged by the bucket).
 * Errors: FILE_STORAGE_FAILED (retryable) for anything the engine reports.
 */
export interface BlobStorage {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes as a stream, or undefined when the key holds nothing. */
  get(key: string): Promise<Readable | undefined>;
  close(): Promise<void>;
}

/** The `files` config section. */
export interface FileSettings {
  maxFileBytes: number;
  quotaBytesPerUser: number;
  uploadsPerMinute: number;
  maxConcurrentUploads: number;
  urlTtlSec: number;
  thumbnailPx: number;
}

/** Signs and checks download links, so an `<img src>` works without the bearer token. */
export interface LinkSigner {
  sign(path: string, expiresAtSec: number): string;
  isValid(path: string, expiresAtSec: number, signature: string): boolean;
}

/** What an upload returns and what `file/url` describes: wire names, as the API writes them. */
export interface FileInfo {
  Id: string;
  Name: string;
  Size: number;
  Type: string;
  Width?: number;
  Height?: number;
  /** Stable path: fetch with the bearer token, or ask `file/url` for a signed link. */
  Url: string;
  ThumbUrl?: string;
  /** Signed links valid until `ExpiresAt` (seconds): usable in `<img src>` or a download link. */
  SignedUrl: string;
  SignedThumbUrl?: string;
  ExpiresAt: number;
}
