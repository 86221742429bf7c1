/** What the nodes stored, read straight from the run's private PostgreSQL after the load. */
import pg from 'pg';

export interface StoredChat {
  mid: number;
  sender: number;
  receiver: number;
  cliMid: string;
  content: string;
}

export interface InboxRow {
  uid: number;
  seq: number;
  mid: number;
}

/** A row of a group's sequence: a post, or a membership notice (sender 0). */
export interface StoredPost {
  gid: number;
  seq: number;
  mid: number;
  sender: number;
  cliMid: string | null;
  content: string;
}

export interface StoreSnapshot {
  chats: StoredChat[];
  inbox: InboxRow[];
  posts: StoredPost[];
}

export async function readStore(url: string): Promise<StoreSnapshot> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Every id Glide stores is below 2^53: reading the bigints as numbers is exact.
    const chats = await client.query<{ mid: string; sender: number; receiver: number; cli_mid: string; content: string }>('select mid, sender, receiver, cli_mid, content from messages');
    const inbox = await client.query<{ uid: number; seq: string; mid: string }>('select uid, seq, mid from inbox');
    const posts = await client.query<{ gid: number; seq: string; mid: string; sender: number; cli_mid: string | null; content: string }>('select gid, seq, mid, sender, cli_mid, content from group_messages');
    return {
      chats: chats.rows.map((r) => ({ mid: Number(r.mid), sender: r.sender, receiver: r.receiver, cliMid: r.cli_mid, content: r.content })),
      inbox: inbox.rows.map((r) => ({ uid: r.uid, seq: Number(r.seq), mid: Number(r.mid) })),
      posts: posts.rows.map((r) => ({ gid: r.gid, seq: Number(r.seq), mid: Number(r.mid), sender: r.sender, cliMid: r.cli_mid, content: r.content })),
    };
  } finally {
    await client.end();
  }
}
