/**
 * `glide user import <file>`: accounts moved in from another system, or seeded for a load test, with
 * passwords already hashed. Rows go in batches of IMPORT_BATCH, one transaction each, so 100,000
 * accounts take seconds instead of the half hour argon2 would spend on the sign-up route.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { MemoryTokenVersions, normalizeAccount, TokenService } from '../auth/index.js';
import { systemClock } from '../core/index.js';
import type { NewUser, Store } from '../store/index.js';
import { formatJson, type AdminOutput } from './output.js';

/** Rows per transaction: large enough that commits do not dominate, small enough to bound memory and lock time. */
export const IMPORT_BATCH = 5_000;
/** The longest account the accounts policy accepts (an e-mail registration). */
const MAX_ACCOUNT_CHARS = 128;
const MAX_NICKNAME_CHARS = 64;
/** The format the server stores: an argon2 PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`). */
const PHC = /^\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

/** Signs one sign-in token for an imported user (at token version 1, which the import records). */
export type TokenSigner = (uid: number, device: number) => Promise<string>;

/**
 * Signs with the server's secret at token version 1, which the import records with the users: no
 * per-user write. The in-memory versions only make `issue` sign version 1 for each fresh uid.
 */
export function createTokenSigner(options: { secret: string; ttlSec: number }): TokenSigner {
  const tokens = new TokenService({ secret: options.secret, clock: systemClock, versions: new MemoryTokenVersions(), ttlSec: options.ttlSec });
  return async (uid, device) => (await tokens.issue(uid, device)).token;
}

export interface ImportOptions {
  file: string;
  /** JSONL of { account, uid, token } per imported user; needs `signToken`. */
  tokensFile: string | undefined;
  tokenDevice: number;
  signToken: (() => Promise<TokenSigner>) | undefined;
}

export class ImportRowError extends Error {}

/** One CSV line: fields split on commas, a field in double quotes may hold commas and "" for a quote. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let isQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (isQuoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') isQuoted = false;
      else field += c;
    } else if (c === '"' && field === '') isQuoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/** A row as the file gives it: JSONL `{ account, name?, passwordHash }` or CSV `account,name,passwordHash` (quoted or not). */
export function parseImportRow(line: string, format: 'jsonl' | 'csv'): NewUser {
  let account: unknown;
  let name: unknown;
  let hash: unknown;
  if (format === 'csv') {
    // The hash is the last column and holds commas of its own (m=…,t=…,p=…): it takes the rest of the line.
    const fields = splitCsvLine(line);
    [account, name] = fields;
    hash = fields.length > 2 ? fields.slice(2).join(',') : undefined;
  }
  else {
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new ImportRowError('not a JSON object');
    }
    if (typeof row !== 'object' || row === null) throw new ImportRowError('not a JSON object');
    ({ account, name, passwordHash: hash } = row as Record<string, unknown>);
  }
  if (typeof account !== 'string' || normalizeAccount(account) === '') throw new ImportRowError('account is missing');
  const normalized = normalizeAccount(account);
  if (normalized.length > MAX_ACCOUNT_CHARS) throw new ImportRowError(`account is longer than ${MAX_ACCOUNT_CHARS} characters`);
  if (name !== undefined && (typeof name !== 'string' || name.length > MAX_NICKNAME_CHARS)) throw new ImportRowError(`name must be a string of at most ${MAX_NICKNAME_CHARS} characters`);
  if (typeof hash !== 'string' || !PHC.test(hash)) throw new ImportRowError('passwordHash must be an argon2 PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash)');
  return { account: normalized, passwordHash: hash, nickname: name === undefined || name === '' ? normalized : name };
}

/** Imports the file batch by batch; resolves with the exit code. A bad row stops the import before its batch. */
export async function importUsers(store: Store, output: AdminOutput, isJson: boolean, options: ImportOptions): Promise<number> {
  const format = options.file.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
  const sign = options.tokensFile === undefined ? undefined : await options.signToken?.();
  const tokens = options.tokensFile === undefined ? undefined : createWriteStream(options.tokensFile);
  const startedAt = performance.now();
  let imported = 0;
  let firstUid: number | undefined;
  let lastUid: number | undefined;
  let batch: NewUser[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const users = await store.users.importMany(batch, options.tokensFile === undefined ? {} : { tokenDevice: options.tokenDevice });
    batch = [];
    imported += users.length;
    firstUid ??= users[0]?.uid;
    lastUid = users[users.length - 1]?.uid;
    if (tokens && sign) {
      const lines: string[] = [];
      for (const user of users) lines.push(JSON.stringify({ account: user.account, uid: user.uid, token: await sign(user.uid, options.tokenDevice) }));
      if (!tokens.write(`${lines.join('\n')}\n`)) await once(tokens, 'drain');
    }
  };
  let lineNo = 0;
  try {
    const lines = createInterface({ input: createReadStream(options.file), crlfDelay: Infinity });
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === '' || (format === 'csv' && lineNo === 1 && /^account,/i.test(line))) continue;
      try {
        batch.push(parseImportRow(line, format));
      } catch (err) {
        if (!(err instanceof ImportRowError)) throw err;
        output.err(`glide: ${options.file}:${lineNo}: ${err.message}; ${imported} users imported before it\n`);
        return 1;
      }
      if (batch.length >= IMPORT_BATCH) await flush();
    }
    await flush();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ENOENT') output.err(`glide: cannot read ${options.file}: no such file\n`);
    else if (code === 'STORE_CONFLICT') output.err(`glide: a batch before line ${lineNo} names an account that exists or appears twice; ${imported} users imported before it\n`);
    else throw err;
    return 1;
  } finally {
    if (tokens) await new Promise<void>((resolve) => tokens.end(resolve));
  }
  const seconds = Math.round((performance.now() - startedAt) / 100) / 10;
  const summary = { imported, firstUid: firstUid ?? null, lastUid: lastUid ?? null, seconds };
  output.out(isJson ? formatJson(summary) : `imported ${imported} users${imported > 0 ? ` (uids ${firstUid}…${lastUid})` : ''} in ${seconds} s${options.tokensFile === undefined ? '' : `; tokens in ${options.tokensFile}`}\n`);
  return 0;
}
