// Micro-bench: what a group post's commit and a member delivered-cursor round cost the event loop (and the
// process) on a SQLite file at the default synchronous = FULL: appendBatch of one post, then a round of
// every member's cursor followed by a post. The event loop's busy time counts a commit's fsync when it
// runs there (it blocks every socket meanwhile); process CPU counts every thread.
// Run: node --import tsx bench/micro/group-store-writes.ts [posts] [members]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../../src/log/index.js';
import { createStore } from '../../src/store/index.js';

const POSTS = Number(process.argv[2] ?? 500);
const MEMBERS = Number(process.argv[3] ?? 1000);
const WARMUP = 50;

const dir = mkdtempSync(join(tmpdir(), 'glide-group-writes-'));
const store = await createStore({ url: `sqlite:${join(dir, 'glide.db')}`, dataDir: dir, log: silentLogger() });
const uids = Array.from({ length: MEMBERS }, (_, i) => i + 2);
const { group } = await store.groups.create({ name: 'bench', ownerUid: 1, memberUids: uids });
const gid = group.gid;
let seq = 0;
let mid = 1_000_000;

async function post(): Promise<void> {
  seq++;
  mid++;
  await store.groupMessages.appendBatch([{ gid, seq, mid, sender: 1, cliMid: `c${mid}`, type: 1, content: 'x'.repeat(64), sendAt: 1, createdAt: 1 }]);
}

async function measure(label: string, count: number, op: () => Promise<void>): Promise<void> {
  for (let i = 0; i < WARMUP; i++) await op();
  const loop = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < count; i++) await op();
  const busyMs = performance.eventLoopUtilization(loop).active / count;
  const { user, system } = process.cpuUsage(cpu);
  const wallMs = (performance.now() - started) / count;
  console.log(`${label}: event loop busy ${busyMs.toFixed(3)} ms, wall ${wallMs.toFixed(2)} ms, process CPU ${((user + system) / 1000 / count).toFixed(3)} ms per op`);
}

await measure('post (appendBatch of one)', POSTS, post);
await measure(`delivered round of ${MEMBERS} members, then a post`, Math.max(1, Math.floor(POSTS / 10)), async () => {
  await store.groups.advanceDelivered(uids.map((uid) => ({ gid, uid, seq })));
  await post();
});
await store.close();
rmSync(dir, { recursive: true, force: true });
