import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { corpus, random, zipf } from './corpus.js';

export interface SeedShape {
  messages: number;
  users: number;
  groups: number;
  groupSize: number;
  /** Share of messages posted in groups. */
  groupShare: number;
  seed: number;
}

export interface Seeded {
  /** uid → the gids it is a member of (the bench's searchers are drawn from these users). */
  groupsOf: Map<number, number[]>;
  latin: string[];
  cjk: string[];
}

/** Rows in the shapes of the tables (column order of the INSERTs below). */
type ChatRow = [mid: number, sender: number, receiver: number, content: string, at: number];
type GroupRow = [gid: number, seq: number, mid: number, sender: number, content: string, at: number];

/** Where rows go: one engine's bulk insert (the text index is maintained as in production). */
interface Sink {
  groups(rows: [gid: number, owner: number][], members: [gid: number, uid: number][]): Promise<void>;
  batch(chat: ChatRow[], inbox: [uid: number, seq: number, mid: number][], group: GroupRow[]): Promise<void>;
  close(): Promise<void>;
}

const BATCH = 5000;
export const FIRST_GID = 1_000_000_000;
const MID_BASE = 1_000_000_000_000_000;
export const T0 = 1_750_000_000_000;

/** Seeds `shape` into an engine already migrated (the index is left to the deferred indexer), reporting progress. */
export async function seed(url: string, shape: SeedShape, progress: (done: number) => void): Promise<Seeded> {
  const sink = url.startsWith('sqlite:') ? sqliteSink(url.slice('sqlite:'.length)) : postgresSink(url);
  const rand = random(shape.seed);
  const text = corpus(shape.seed);
  const userRank = zipf(shape.users, 0.8, rand);
  const groupsOf = new Map<number, number[]>();
  const members: [number, number][] = [];
  const groupMembers: number[][] = [];
  for (let g = 0; g < shape.groups; g++) {
    const gid = FIRST_GID + g;
    const uids = new Set<number>();
    while (uids.size < shape.groupSize) uids.add(1 + userRank());
    groupMembers.push([...uids]);
    for (const uid of uids) {
      members.push([gid, uid]);
      groupsOf.set(uid, [...(groupsOf.get(uid) ?? []), gid]);
    }
  }
  await sink.groups(groupMembers.map((uids, g) => [FIRST_GID + g, uids[0]!]), members);
  const inboxSeq = new Map<number, number>();
  const groupSeq = new Array<number>(shape.groups).fill(0);
  const nextInbox = (uid: number) => {
    const seq = (inboxSeq.get(uid) ?? 0) + 1;
    inboxSeq.set(uid, seq);
    return seq;
  };
  for (let done = 0; done < shape.messages; ) {
    const chat: ChatRow[] = [];
    const inbox: [number, number, number][] = [];
    const group: GroupRow[] = [];
    for (const end = Math.min(shape.messages, done + BATCH); done < end; done++) {
      const mid = MID_BASE + done;
      const at = T0 + done * 10;
      if (rand() < shape.groupShare) {
        const g = Math.floor(rand() * shape.groups);
        const uids = groupMembers[g]!;
        group.push([FIRST_GID + g, ++groupSeq[g]!, mid, uids[Math.floor(rand() * uids.length)]!, text.text(), at]);
      } else {
        const sender = 1 + userRank();
        // Each user talks to about 20 others: receivers near the sender.
        const receiver = 1 + ((sender - 1 + 1 + Math.floor(rand() * 20)) % shape.users);
        chat.push([mid, sender, receiver, text.text(), at]);
        inbox.push([receiver, nextInbox(receiver), mid], [sender, nextInbox(sender), mid]);
      }
    }
    await sink.batch(chat, inbox, group);
    progress(done);
  }
  await sink.close();
  return { groupsOf, latin: text.latin, cjk: text.cjk };
}

function sqliteSink(file: string): Sink {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insertGroup = db.prepare(`insert into chat_groups (gid, name, owner_uid, allow_history, created_at, updated_at) values (?, 'g', ?, 0, 0, 0)`);
  const insertMember = db.prepare(`insert into group_members (gid, uid, role, joined_seq, joined_at) values (?, ?, 0, 0, 0)`);
  const insertChat = db.prepare(`insert into messages (mid, sender, receiver, cli_mid, type, content, send_at, created_at) values (?, ?, ?, ?, 1, ?, ?, ?)`);
  const insertInbox = db.prepare(`insert into inbox (uid, seq, mid) values (?, ?, ?)`);
  const insertGroupMessage = db.prepare(`insert into group_messages (gid, seq, mid, sender, cli_mid, type, content, send_at, created_at) values (?, ?, ?, ?, ?, 1, ?, ?, ?)`);
  const setLastSeq = db.prepare(`update chat_groups set last_seq = ? where gid = ? and last_seq < ?`);
  return {
    groups: async (rows, members) =>
      db.transaction(() => {
        for (const row of rows) insertGroup.run(...row);
        for (const row of members) insertMember.run(...row);
      })(),
    batch: async (chat, inbox, group) =>
      db.transaction(() => {
        for (const [mid, sender, receiver, content, at] of chat) insertChat.run(mid, sender, receiver, `b${mid}`, content, at, at);
        for (const row of inbox) insertInbox.run(...row);
        for (const [gid, seq, mid, sender, content, at] of group) {
          insertGroupMessage.run(gid, seq, mid, sender, `b${mid}`, content, at, at);
          setLastSeq.run(seq, gid, seq);
        }
      })(),
    close: async () => {
      db.exec('analyze');
      db.close();
    },
  };
}

function postgresSink(url: string): Sink {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // One statement per table and batch: arrays unnested server-side, far faster than VALUES lists.
  const q = (text: string, columns: unknown[][]) => (columns[0]!.length === 0 ? Promise.resolve() : pool.query(text, columns).then(() => undefined));
  const columnsOf = <T extends unknown[]>(rows: T[], width: number) => Array.from({ length: width }, (_, i) => rows.map((r) => r[i]));
  return {
    async groups(rows, members) {
      await q(`insert into chat_groups (gid, name, owner_uid, allow_history, created_at, updated_at) select gid, 'g', owner, 0, 0, 0 from unnest($1::int[], $2::int[]) as t(gid, owner)`, columnsOf(rows, 2));
      await q(`insert into group_members (gid, uid, role, joined_seq, joined_at) select gid, uid, 0, 0, 0 from unnest($1::int[], $2::int[]) as t(gid, uid)`, columnsOf(members, 2));
    },
    async batch(chat, inbox, group) {
      await q(
        `insert into messages (mid, sender, receiver, cli_mid, type, content, send_at, created_at)
         select mid, sender, receiver, 'b' || mid, 1, content, at, at from unnest($1::bigint[], $2::int[], $3::int[], $4::text[], $5::bigint[]) as t(mid, sender, receiver, content, at)`,
        columnsOf(chat, 5),
      );
      await q(`insert into inbox (uid, seq, mid) select * from unnest($1::int[], $2::bigint[], $3::bigint[])`, columnsOf(inbox, 3));
      await q(
        `insert into group_messages (gid, seq, mid, sender, cli_mid, type, content, send_at, created_at)
         select gid, seq, mid, sender, 'b' || mid, 1, content, at, at from unnest($1::int[], $2::bigint[], $3::bigint[], $4::int[], $5::text[], $6::bigint[]) as t(gid, seq, mid, sender, content, at)`,
        columnsOf(group, 6),
      );
    },
    async close() {
      await pool.query(`update chat_groups g set last_seq = coalesce((select max(seq) from group_messages m where m.gid = g.gid), 0)`);
      await pool.query('vacuum analyze');
      await pool.end();
    },
  };
}
