// Micro-bench: the main thread's CPU per fully delivered 1:1 message in a real app (createApp on a SQLite file at
// the default FULL, its writer thread), without sockets: 1,000 users signed in with `api.auth` frames on
// connections whose sink encodes the WebSocket frames and drops them. Paced like `bench chat --rate 5`: every
// 5 ms (or as the timer comes), the users due at `rate` send a `message.chat` (as the bench's client words it); each delivery is answered with an
// `ack.request` in the next tick. Prints the main thread's CPU (from /proc, the writer threads excluded) per
// message, the driver's own share of it (building and reading frames), GC pauses per message, the sink writes
// per message (what would be socket writes: one per connection per flush), and
// sent / acked / delivered / receipts. Run: node --import tsx bench/micro/chat-main-thread.ts [seconds] [rate/s]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { createTokenSigner } from '../../src/admin/index.js';
import { createApp } from '../../src/app.js';
import { DEFAULTS, type Config } from '../../src/config/index.js';
import { encodeWsFrames, type FrameBatch, type SocketSink } from '../../src/gateway/index.js';
import { silentLogger } from '../../src/log/index.js';
import { codecFor, CODEC_NAMES } from '../../src/protocol/index.js';

const USERS = 1000;
const DEVICE = 2;
const TICK_MS = 5;
const seconds = Number(process.argv[2] ?? 20);
const rate = Number(process.argv[3] ?? 5000);

const dataDir = mkdtempSync(join(tmpdir(), 'glide-micro-'));
const config: Config = structuredClone(DEFAULTS);
config.server = { ...config.server, host: '127.0.0.1', port: 0, tcpPort: -1, dataDir };
config.auth = { ...config.auth, secret: 'micro-bench-secret-micro-bench-secret-0123' };
config.log = { level: 'silent', format: 'json' };
const app = await createApp({ config, log: silentLogger() });
await app.start();
const users = await app.store.users.importMany(
  Array.from({ length: USERS }, (_, i) => ({ account: `micro${i}`, passwordHash: '$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA' })),
  { tokenDevice: DEVICE },
);
const sign = createTokenSigner({ secret: config.auth.secret!, ttlSec: 3600 });

const counts = { sent: 0, acked: 0, delivered: 0, receipts: 0, signedIn: 0, writes: 0 };
let driverNs = 0n;
const scratch = new Uint8Array(1 << 16);
type Conn = ReturnType<typeof app.gateway.open>;
const acks: { conn: Conn; text: string }[] = [];
const codec = codecFor(CODEC_NAMES.JSON);
const conns: Conn[] = [];
const outSeq: number[] = [];
const MID = /"mid":(\d+)/;
const FROM = /"from":"?(\d+)/;

function sinkOf(index: number): SocketSink {
  return {
    writeBatch(batch: FrameBatch) {
      encodeWsFrames(batch, false);
      counts.writes++;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < batch.count; i++) {
        const length = batch.writeFrame(i, scratch, 0);
        const text = Buffer.from(scratch.buffer, 0, length).toString('latin1');
        if (text.includes('"action":"message.chat"')) {
          counts.delivered++;
          const seq = ++outSeq[index]!;
          acks.push({ conn: conns[index]!, text: `{"ver":1,"seq":${seq},"action":"ack.request","data":{"mid":${MID.exec(text)![1]},"from":${FROM.exec(text)![1]}}}` });
        } else if (text.includes('"action":"ack.message"')) counts.acked++;
        else if (text.includes('"action":"ack.notify"')) counts.receipts++;
        else if (text.includes('"action":"api.success"')) counts.signedIn++;
      }
      driverNs += process.hrtime.bigint() - t0;
    },
    bufferedBytes: () => 0,
    end: () => undefined,
    destroy: () => undefined,
  };
}

for (const [i, user] of users.entries()) {
  const conn = app.gateway.open('ws', codec, '127.0.0.1', sinkOf(i));
  conns.push(conn);
  outSeq.push(1);
  app.gateway.receive(conn, JSON.stringify({ ver: 1, seq: 1, action: 'api.auth', data: { Token: await sign(user.uid, DEVICE) } }));
}
while (counts.signedIn < USERS) await new Promise((resolve) => setTimeout(resolve, 20));

const content = 'x'.repeat(64);
let next = 0;
let started = 0;
/** Everything due by now at `rate` (the ticks lag under load), then the acks of the last tick's deliveries. */
function tick(): void {
  const t0 = process.hrtime.bigint();
  const due = Math.floor(((performance.now() - started) * rate) / 1000) - counts.sent;
  const frames = acks.splice(0);
  for (let k = 0; k < due; k++, next++) {
    const i = next % USERS;
    const seq = ++outSeq[i]!;
    frames.push({ conn: conns[i]!, text: `{"ver":1,"seq":${seq},"action":"message.chat","data":{"cliMid":"m${i}.${next}","to":${users[i ^ 1]!.uid},"type":1,"content":"${content}","sendAt":${Date.now()}}}` });
    counts.sent++;
  }
  driverNs += process.hrtime.bigint() - t0;
  for (const { conn, text } of frames) app.gateway.receive(conn, text);
}

/** utime + stime of this thread (the main one: its tid is the pid), in µs. */
function mainThreadCpuUs(): number {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
}

let gcMs = 0;
let gcs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcMs += entry.duration;
    gcs++;
  }
}).observe({ entryTypes: ['gc'] });

async function run(durationS: number): Promise<void> {
  const start = performance.now();
  started = start - (counts.sent * 1000) / rate;
  while (performance.now() - start < durationS * 1000) {
    tick();
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  // Drain: the last acks and receipts.
  for (let i = 0; i < 250 && (acks.length > 0 || counts.receipts < counts.sent); i++) {
    for (const { conn, text } of acks.splice(0)) app.gateway.receive(conn, text);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Chat commits so far (the commit batch histogram's count). */
async function commits(): Promise<number> {
  const metric = await app.metrics.getSingleMetric('glide_messages_commit_batch_size')?.get();
  return metric?.values.find((v) => (v as { metricName?: string }).metricName === 'glide_messages_commit_batch_size_count')?.value ?? 0;
}

await run(3); // warm-up
const base = { ...counts, commits: await commits(), cpu: mainThreadCpuUs(), driverNs, gcMs, gcs, wall: performance.now() };
if (process.env['MICRO_MARK']) console.error('measuring');
await run(seconds);
const sent = counts.sent - base.sent;
const cpuUs = mainThreadCpuUs() - base.cpu;
const driverUs = Number(driverNs - base.driverNs) / 1000;
const wallS = (performance.now() - base.wall) / 1000;
console.log(
  `main thread ${(cpuUs / sent).toFixed(1)} µs/msg (driver ${(driverUs / sent).toFixed(1)}), GC ${(((gcMs - base.gcMs) * 1000) / sent).toFixed(1)} µs/msg in ${gcs - base.gcs} pauses; ` +
    `${(sent / wallS).toFixed(0)} msg/s, ${(await commits()) - base.commits} commits, ${((counts.writes - base.writes) / sent).toFixed(2)} socket writes/msg; sent/acked/delivered/receipts ${sent}/${counts.acked - base.acked}/${counts.delivered - base.delivered}/${counts.receipts - base.receipts}`,
);
await app.close();
rmSync(dataDir, { recursive: true, force: true });
