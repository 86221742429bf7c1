import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import type { NewChatMessage, NewGroupMessage } from '../../src/store/index.js';
import type { ServiceInfo } from './require-service.js';

// Fixtures shared by every engine's run of the store contract. Ids come from counters so that tests
// sharing one database never collide, whatever order they run in.

let counter = 0;
const base = Date.now() * 1000; // mids stay below 2^53 and grow like real ones
const uidBase = 1_000_000 + Math.floor(Math.random() * 1_000_000);

export const nextMid = (): number => base + ++counter;
/** A uid no user row owns; fine where the store does not require the user (messages, sessions…). */
export const nextUid = (): number => uidBase + ++counter;
export const uniqueName = (prefix: string): string => `${prefix}_${++counter}_${randomBytes(3).toString('hex')}`;

export function chatMessage(sender: number, receiver: number, over: Partial<NewChatMessage> & { seqs?: [number, number] } = {}): NewChatMessage {
  const mid = over.mid ?? nextMid();
  const { seqs, ...rest } = over;
  return {
    mid,
    sender,
    receiver,
    cliMid: `c-${mid}`,
    cliSeq: 1,
    type: 1,
    content: `hello ${mid}`,
    sendAt: 1_700_000_000_000,
    createdAt: 1_700_000_000_001,
    inbox: seqs
      ? [
          { uid: receiver, seq: seqs[0] },
          { uid: sender, seq: seqs[1] },
        ]
      : [],
    ...rest,
  };
}

export function groupMessage(gid: number, seq: number, sender: number, over: Partial<NewGroupMessage> = {}): NewGroupMessage {
  const mid = over.mid ?? nextMid();
  return { gid, seq, mid, sender, cliMid: `g-${mid}`, type: 1, content: `group ${mid}`, sendAt: 1_700_000_000_000, createdAt: 1_700_000_000_001, ...over };
}

/** A directory that is removed by the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'glide-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface IsolatedDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database with a random name on the service, so parallel test files never share tables. */
export async function isolatedDatabase(service: ServiceInfo): Promise<IsolatedDatabase> {
  const name = `glide_t_${randomBytes(6).toString('hex')}`;
  const url = new URL(service.url);
  url.pathname = `/${name}`;
  if (service.name === 'postgres') {
    const admin = async (statement: string) => {
      const client = new pg.Client({ connectionString: service.url });
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    };
    await admin(`create database ${name}`);
    return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
  }
  const admin = async (statement: string) => {
    const connection = await createConnection({ uri: service.url });
    try {
      await connection.query(statement);
    } finally {
      await connection.end();
    }
  };
  await admin(`create database ${name} character set utf8mb4 collate utf8mb4_bin`);
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name}`) };
}
