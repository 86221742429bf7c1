import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteSync } from '../../types.js';
import { dialectFor } from '../sql-store.js';

/** SQLite's numbers for PRAGMA synchronous. */
const PRAGMA_LEVEL: Record<SqliteSync, number> = { off: 0, normal: 1, full: 2 };

describe('SQLite synchronous level', () => {
  const dirs: string[] = [];
  const dbs: Kysely<unknown>[] = [];
  afterEach(async () => {
    await Promise.all(dbs.splice(0).map((db) => db.destroy()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function levelOf(sqliteSync: SqliteSync): Promise<number> {
    const dir = mkdtempSync(join(tmpdir(), 'glide-sync-'));
    dirs.push(dir);
    const dialect = await dialectFor('', dir, { poolSize: 1, sqliteSync, onIdleError: () => undefined });
    const db = new Kysely<unknown>({ dialect: dialect.kysely });
    dbs.push(db);
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
    return rows[0]!.synchronous;
  }

  it.each(Object.entries(PRAGMA_LEVEL))('maps store.sqliteSync = %s to that PRAGMA on a real file', async (level, pragma) => {
    expect(await levelOf(level as SqliteSync)).toBe(pragma);
  });
});
