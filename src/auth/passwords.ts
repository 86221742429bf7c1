import { randomBytes } from 'node:crypto';
import { hash as argon2Hash, parseOptions, verify as argon2Verify } from '@node-rs/argon2';

export interface PasswordHashOptions {
  memoryCostKiB: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): about 11-14 ms per hash on one core. */
export const PASSWORD_HASH_DEFAULTS: PasswordHashOptions = { memoryCostKiB: 19_456, timeCost: 2, parallelism: 1 };

/**
 * argon2id hashing (the library's default algorithm; hashes are PHC strings starting `$argon2id$`).
 * The work runs on libuv's thread pool, so the event loop stays free.
 */
export class PasswordHasher {
  private readonly options: PasswordHashOptions;
  private dummyHash: Promise<string> | undefined;

  constructor(options: Partial<PasswordHashOptions> = {}) {
    this.options = { ...PASSWORD_HASH_DEFAULTS, ...options };
  }

  hash(password: string): Promise<string> {
    const { memoryCostKiB, timeCost, parallelism } = this.options;
    return argon2Hash(password, { memoryCost: memoryCostKiB, timeCost, parallelism });
  }

  /** False for a wrong password and for a hash that does not parse (a corrupt row must not crash sign-in). */
  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2Verify(hash, password);
    } catch {
      return false;
    }
  }

  /**
   * Verifies against the stored hash, or, when the account does not exist (`hash` undefined),
   * against a dummy hash of the same cost, so response time does not reveal which accounts exist.
   */
  async verifyAccount(hash: string | undefined, password: string): Promise<boolean> {
    if (hash !== undefined) return this.verify(hash, password);
    await this.verify(await this.getDummyHash(), password);
    return false;
  }

  /** True when the hash was made with other parameters (or is not argon2id), so it should be replaced after a successful sign-in. */
  needsRehash(hash: string): boolean {
    if (!hash.startsWith('$argon2id$')) return true;
    try {
      const parsed = parseOptions(hash);
      return parsed.memoryCost !== this.options.memoryCostKiB || parsed.timeCost !== this.options.timeCost || parsed.parallelism !== this.options.parallelism;
    } catch {
      return true;
    }
  }

  private getDummyHash(): Promise<string> {
    // Computed once on first use; a random password nobody knows.
    this.dummyHash ??= this.hash(randomBytes(16).toString('base64url'));
    return this.dummyHash;
  }
}
