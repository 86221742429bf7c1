import { GlideError } from '../core/index.js';

/** Shortest password accepted at registration and on a password change. */
export const MIN_PASSWORD_LENGTH = 8;

/**
 * The one spelling an account name (or e-mail) is stored and looked up under: Unicode NFKC (full-width
 * and other compatibility forms fold to their plain letters), no leading or trailing white space, lower
 * case. So 'Alice', ' alice' and 'ａｌｉｃｅ' are one account and cannot be registered as look-alikes.
 */
export function normalizeAccount(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase();
}

/** Throws API_BAD_REQUEST (HTTP 400, Code 300) unless the password has at least 8 characters and is not all white space. */
export function checkPasswordPolicy(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new GlideError('API_BAD_REQUEST', `Password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.trim() === '') throw new GlideError('API_BAD_REQUEST', 'Password must not be only spaces');
}
