// Micro-bench: PostgreSQL's planning time for the batched inbox-end probe (lastInboxSeq, one per sign-in sync or gap
// check, batched up to 500 uids): the UNION ALL of one scalar max per uid that SQLite and MySQL still use, against the
// array statement PostgreSQL now uses (pg-chat-batch LAST_SEQS). Needs a database holding Glide's schema (a bench run's).
// Run: node --import tsx bench/micro/pg-inbox-end.ts postgres://postgres@127.0.0.1:5432/<db> [50,200,500]
import pg from 'pg';

const client = new pg.Client(process.argv[2]);
await client.connect();
const summary = async (text: string, values: unknown[] = []): Promise<string> => {
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, summary) ${text}`, values);
  return rows.filter((row) => /Planning|Execution/.test(row['QUERY PLAN'])).map((row) => row['QUERY PLAN'].trim()).join(', ');
};
for (const n of (process.argv[3] ?? '50,200,500').split(',').map(Number)) {
  const uids = Array.from({ length: n }, (_, i) => i + 1);
  const union = uids.map((uid) => `select ${uid} as uid, (select max(seq) from inbox where uid = ${uid}) as last`).join(' union all ');
  const array = 'select k.uid, (select i.seq from inbox i where i.uid = k.uid order by i.seq desc limit 1) as last from unnest($1::integer[]) as k (uid)';
  console.log(`${n} uids: union all ${await summary(union)}; array ${await summary(array, [uids])}`);
}
await client.end();
