import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { GlideError } from '../core/index.js';
import type { BlobStorage } from './types.js';

/** Files under one directory, fanned out by the key's first two characters; written whole, then renamed. */
export class DiskBlobStorage implements BlobStorage {
  constructor(private readonly dir: string) {}

  async put(key: string, bytes: Buffer): Promise<void> {
    const folder = join(this.dir, key.slice(0, 2));
    const target = join(folder, key);
    const partial = `${target}.${process.pid}.${Date.now()}.part`;
    try {
      await mkdir(folder, { recursive: true });
      const handle = await open(partial, 'w');
      try {
        await handle.writeFile(bytes);
        // The record that points here is written next: the bytes must survive a power cut first.
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(partial, target);
      await syncDirectory(folder);
    } catch (err) {
      await rm(partial, { force: true });
      throw new GlideError('FILE_STORAGE_FAILED', `cannot write ${key}: ${(err as Error).message}`, { cause: err });
    }
  }

  async get(key: string): Promise<Readable | undefined> {
    const path = join(this.dir, key.slice(0, 2), key);
    const handle = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw new GlideError('FILE_STORAGE_FAILED', `cannot read ${key}: ${err.message}`, { cause: err });
    });
    return handle?.createReadStream();
  }

  async close(): Promise<void> {}
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
