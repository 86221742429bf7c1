// Micro-bench: remembering one message key per message in a window of the newest 65,536 (the SQLite chat
// commit's dedup window), once full. `set`: the former Set evicting through `values().next()` per message;
// `lru`: LruCache (a kept iterator).
// Run: node --import tsx bench/micro/recent-keys.ts <set|lru> [messages]
import { LruCache } from '../../src/core/index.js';
import { measurePerOp } from './measure.js';

const KEPT = 65_536;
const mode = process.argv[2] === 'set' ? 'set' : 'lru';
const set = new Set<string>();
const lru = new LruCache<string, true>(KEPT);

function remember(i: number): void {
  const k = `${(i % 1000) + 1}:cli-${i}`;
  if (mode === 'lru') {
    if (!lru.peek(k)) lru.set(k, true);
    return;
  }
  if (set.has(k)) return;
  set.delete(k);
  set.add(k);
  if (set.size > KEPT) set.delete(set.values().next().value as string);
}

for (let i = 0; i < KEPT; i++) remember(i);
let next = KEPT;
const { nsCpu, bytesAllocated } = await measurePerOp(Number(process.argv[3] ?? 200_000), () => remember(next++));
console.log(`${mode}: ${nsCpu.toFixed(0)} ns CPU, ${bytesAllocated.toFixed(0)} B allocated per key`);
