/** One uploaded file as its uploader named it; the bytes are kept once per content hash. */
export interface StoredFile {
  /** Random, unguessable: knowing it is what lets a signed-in user fetch the file. */
  id: string;
  owner: number;
  /** Hex SHA-256 of the bytes: the key of the stored bytes, shared by every upload of the same content. */
  sha256: string;
  name: string;
  size: number;
  /** Sniffed from the bytes, never taken from the client. */
  type: string;
  width: number | null;
  height: number | null;
  hasThumbnail: boolean;
  createdAt: number;
}

/**
 * Upload records. `add` is not idempotent on `id` (STORE_CONFLICT on a repeat); ids are random, so a
 * conflict is a bug. `usedBytes` counts every upload of the owner, deduplicated or not: the quota is per
 * upload, as users see it.
 */
export interface FileStore {
  add(file: StoredFile): Promise<void>;
  get(id: string): Promise<StoredFile | undefined>;
  /** Any earlier upload of the same bytes (its metadata and thumbnail are reused). */
  findByHash(sha256: string): Promise<StoredFile | undefined>;
  usedBytes(owner: number): Promise<number>;
}
