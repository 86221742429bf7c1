// Micro-bench: the gateway's outbound work per frame without the socket syscall: a real Gateway with
// 1,000 signed-in connections whose sinks build the WebSocket write buffer (what the ws transport
// writes) and drop it. Two shapes: a group post fanned out to every connection (one prepared frame,
// 1,000 stamps), and 1:1 traffic (per message: message.chat to the receiver, ack.message and
// ack.notify to the sender), one tick per 50 messages. Prints CPU per member delivery / per message.
// Run: node --import tsx bench/micro/gateway-writes.ts [json|protobuf] [rounds]
import { ManualClock } from '../../src/core/index.js';
import { DEFAULTS } from '../../src/config/index.js';
import { encodeWsFrames, Gateway, type FrameBatch, type SocketSink } from '../../src/gateway/index.js';
import { silentLogger } from '../../src/log/index.js';
import { createMetricsRegistry } from '../../src/metrics/index.js';
import { codecFor, type CodecName } from '../../src/protocol/index.js';

const codecName = (process.argv[2] ?? 'json') as CodecName;
const rounds = Number(process.argv[3] ?? 200);
const MEMBERS = 1000;
const TICK = 50;

const gateway = new Gateway({ config: DEFAULTS.gateway, clock: new ManualClock(0), log: silentLogger(), metrics: createMetricsRegistry({ isDefaultMetrics: false }), addresses: { isTrusted: () => true, bucketOf: (ip) => ip } });
let bytesOut = 0;
const sink: SocketSink = { writeBatch: (batch: FrameBatch) => void (bytesOut += encodeWsFrames(batch, codecName === 'protobuf').length), bufferedBytes: () => 0, end: () => undefined, destroy: () => undefined };
const codec = codecFor(codecName);
const conns = Array.from({ length: MEMBERS }, (_, i) => {
  const conn = gateway.open('ws', codec, '127.0.0.1', sink);
  gateway.bind(conn, { uid: i + 1, device: 1 });
  return conn;
});
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const content = 'x'.repeat(64);

async function groupPost(seq: number): Promise<void> {
  const frame = codec.prepare('g2', { action: 'message.group', data: { mid: 1e12 + seq, seq, from: 1, to: 9, type: 1, content, sendAt: 1_700_000_000_000, status: 0 } });
  for (const conn of conns) conn.pushPrepared(frame);
  await tick();
}

async function chatTick(first: number): Promise<void> {
  for (let i = first; i < first + TICK; i++) {
    const sender = conns[i % MEMBERS]!;
    const receiver = conns[(i * 7 + 3) % MEMBERS]!;
    const mid = 1e12 + i;
    receiver.push({ action: 'message.chat', data: { cliMid: `c${i}`, mid, seq: i, cliSeq: 0, from: i % MEMBERS, to: 3, type: 1, content, sendAt: 1_700_000_000_000, status: 0 } });
    sender.reply(i, { action: 'ack.message', data: { cliMid: `c${i}`, mid, seq: i } });
    sender.push({ action: 'ack.notify', data: { mid, from: 3 } });
  }
  await tick();
}

async function measure(label: string, unit: string, perRound: number, run: (round: number) => Promise<void>): Promise<void> {
  for (let r = 0; r < rounds / 4; r++) await run(r);
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < rounds; r++) await run(r);
  const cpu = process.cpuUsage(cpu0);
  console.log(`${label} (${codecName}): ${(((cpu.user + cpu.system) * 1000) / (rounds * perRound)).toFixed(0)} ns CPU per ${unit}`);
}

await measure('group fan-out, 1,000 members', 'member delivery', MEMBERS, groupPost);
await measure('1:1, 3 frames a message', 'message', TICK, (r) => chatTick(r * TICK));
console.log(`${bytesOut} bytes built`);
await gateway.close(0);
