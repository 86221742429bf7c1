import { isGlideError } from '../core/index.js';

/** A unique key was taken (duplicate account, email, mid, inbox slot…). */
export function isStoreConflict(err: unknown): boolean {
  return isGlideError(err) && err.code === 'STORE_CONFLICT';
}

export function isStoreNotFound(err: unknown): boolean {
  return isGlideError(err) && err.code === 'STORE_NOT_FOUND';
}

/** The database could not be reached or gave up on a lock; retrying later may succeed. */
export function isStoreUnavailable(err: unknown): boolean {
  return isGlideError(err) && err.code === 'STORE_UNAVAILABLE';
}
