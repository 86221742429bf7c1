import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { GlideError } from '../../../core/index.js';

/**
 * Creates the file's directory and checks that SQLite will be able to write there, before it opens the
 * file: a read-only file falls back to read-only mode without a word, and a read-only directory (no
 * room for the -wal and -shm files) gives "unable to open database file", naming nothing.
 * access(2) answers for root too where it matters: read-only mounts (EROFS) and immutable files (EPERM).
 */
export function prepareSqliteFile(file: string): void {
  const dir = dirname(file);
  const refuse = (what: string, err: unknown): GlideError =>
    new GlideError('STORE_NOT_WRITABLE', `${file}: ${what} (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw refuse(`cannot create its directory ${dir}`, err);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw refuse(`its directory ${dir} is not writable, SQLite needs to create files there`, err);
  }
  try {
    accessSync(file, constants.W_OK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw refuse('the file is not writable', err);
  }
}
