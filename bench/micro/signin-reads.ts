// Micro-bench: the node's CPU for each store read a cluster sign-in makes, one sign-in at a time (a storm at
// 40–80 sign-ins/s per node batches ~1 key per read): token version, sync start (device cursor + inbox end,
// one query) against the two reads it replaced, the user's groups, its contacts. Process CPU (pg client,
// Kysely, syscalls), not PostgreSQL's. Needs an empty database it may migrate.
// Run: node --import tsx bench/micro/signin-reads.ts postgres://postgres@127.0.0.1:5432/<db> [count]
import { silentLogger } from '../../src/log/index.js';
import { createStore } from '../../src/store/index.js';
import { measurePerOp } from './measure.js';

const COUNT = Number(process.argv[3] ?? 2000);
const USERS = 1000;
const store = await createStore({ url: process.argv[2]!, dataDir: '/tmp', log: silentLogger() });
await store.migrate();
const users = await store.users.importMany(
  Array.from({ length: USERS }, (_, i) => ({ account: `signin-reads-${i}`, passwordHash: 'x' })),
  { tokenDevice: 1 },
);
const uidOf = (i: number): number => users[i % USERS]!.uid;

const reads: [string, (i: number) => Promise<unknown>][] = [
  ['token version', (i) => store.users.getTokenVersion(uidOf(i), 1)],
  ['cursor + inbox end, two reads (before)', (i) => Promise.all([store.messages.getDeviceCursor(uidOf(i), 1), store.messages.lastInboxSeq(uidOf(i))])],
  ['sync start, one read (after)', (i) => store.messages.getSyncStart(uidOf(i), 1)],
  ['groups of', (i) => store.groups.listGroupsOf(uidOf(i))],
  ['contacts', (i) => store.contacts.list(uidOf(i))],
];
for (let round = 1; round <= 2; round++) {
  for (const [label, read] of reads) {
    const { nsCpu } = await measurePerOp(COUNT, async (i) => void (await read(i)));
    console.log(`round ${round} ${label}: ${(nsCpu / 1000).toFixed(1)} µs CPU per sign-in`);
  }
}
await store.close();
