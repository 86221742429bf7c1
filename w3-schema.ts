import { createStore } from './src/store/index.js';
import pino from 'pino';
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
const dir = mkdtempSync('/tmp/w3s-');
await (await createStore({ url: `sqlite:${dir}/g.db`, dataDir: dir, log: pino({ level: 'warn' }) })).close();
const db = new BetterSqlite3(`${dir}/g.db`);
for (const r of db.prepare("select type, name, tbl_name, sql from sqlite_master order by tbl_name").all() as any[]) console.log(r.type, r.name, '|', r.sql);
