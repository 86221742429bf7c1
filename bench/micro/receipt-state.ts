// Micro-bench: a 1:1 message's receipt state on its owner, as ChatDelivery keeps it: set when the message is
// fanned out, read and marked by the receiver's ack.request ~50 messages later, 200,000 messages kept. Mode
// `lru`: the former LruCache<mid, {sender, receiver, isNotified}>; `table`: ReceiptTable. Each message also
// makes `garbage` bytes of short-lived objects (the rest of the main thread's ~17 KB per message), so the
// young generation turns over as in a run and a state that lives minutes is promoted.
// Run: node --trace-gc-nvp --import tsx bench/micro/receipt-state.ts <lru|table> [messages] [garbage]
// It prints CPU and bytes allocated per message (the state code alone, garbage off) and the window of the
// garbage run; sum the main isolate's `promoted=` of the scavenges (`gc=s`) inside that window.
import { performance, PerformanceObserver, constants } from 'node:perf_hooks';
import { LruCache } from '../../src/core/index.js';
import { ReceiptTable } from '../../src/messaging/index.js';
import { measurePerOp } from './measure.js';

const mode = process.argv[2] === 'lru' ? 'lru' : 'table';
const MESSAGES = Number(process.argv[3] ?? 400_000);
const GARBAGE = Number(process.argv[4] ?? 16_000);
const KEPT = 200_000;
const ACK_LAG = 50;
const FIRST_MID = 1.2e15;

interface Receipt {
  sender: number;
  receiver: number;
  isNotified: boolean;
}

const lru = new LruCache<number, Receipt>(KEPT);
const table = new ReceiptTable(KEPT);
let told = 0;
let sink: unknown;

const midOf = (i: number): number => FIRST_MID + i * 8192 + (i % 64);

function message(i: number, garbage: number): void {
  const mid = midOf(i);
  const sender = (i % 1000) + 1;
  const receiver = ((i + 1) % 1000) + 1;
  if (mode === 'lru') lru.set(mid, { sender, receiver, isNotified: false });
  else table.add(mid, sender, receiver, false);
  // The receiver's ack of an earlier message.
  if (i >= ACK_LAG) {
    const acked = midOf(i - ACK_LAG);
    const uid = ((i - ACK_LAG + 1) % 1000) + 1;
    if (mode === 'lru') {
      const receipt = lru.peek(acked);
      if (receipt && receipt.receiver === uid && !receipt.isNotified) {
        receipt.isNotified = true;
        told++;
      }
    } else {
      const slot = table.find(acked);
      if (slot >= 0 && table.receiver(slot) === uid && !table.isNotified(slot)) {
        table.markNotified(slot);
        told++;
      }
    }
  }
  for (let made = 0; made < garbage; made += 64) sink = { a: made, b: sink === undefined ? 0 : 1, c: i, d: made + 1, e: mode };
}

// Fill to the bound first: the steady state evicts one per message.
for (let i = 0; i < KEPT; i++) message(i, 0);
let next = KEPT;
const { nsCpu, bytesAllocated } = await measurePerOp(MESSAGES, () => message(next++, 0));
console.log(`${mode}: ${nsCpu.toFixed(0)} ns CPU, ${bytesAllocated.toFixed(0)} B allocated per message (state alone)`);

let scavenges = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) scavenges++;
});
observer.observe({ entryTypes: ['gc'] });
const start = performance.now();
const cpu0 = process.cpuUsage();
for (let i = 0; i < MESSAGES; i++) message(next++, GARBAGE);
const cpu = process.cpuUsage(cpu0);
const end = performance.now();
await new Promise((resolve) => setTimeout(resolve, 50));
observer.disconnect();
console.log(
  `${mode}: with ${GARBAGE} B garbage per message: ${(((cpu.user + cpu.system) * 1000) / MESSAGES).toFixed(0)} ns CPU per message, ` +
    `${((scavenges * 10_000) / MESSAGES).toFixed(2)} scavenges per 10,000 messages; window ${start.toFixed(0)}–${end.toFixed(0)} ms (told ${told > 0})`,
);
