// Micro-bench: what relaying one receipt costs after the ack is read: `ack.notify` pushed through the real
// Delivery (single mode, LocalPeers) to the sender's connection of a real Gateway, prepared, queued and
// written into the connection's WebSocket buffer, 50 receipts per tick as under load. Prints CPU and bytes
// allocated per receipt (sampling heap profiler, collected objects included).
// Run: node --import tsx bench/micro/receipt-push.ts [receipts]
import { ManualClock } from '../../src/core/index.js';
import { DEFAULTS } from '../../src/config/index.js';
import { Delivery, LocalPeers } from '../../src/delivery/index.js';
import { encodeWsFrames, Gateway, type FrameBatch, type SocketSink } from '../../src/gateway/index.js';
import { silentLogger } from '../../src/log/index.js';
import { createMetricsRegistry } from '../../src/metrics/index.js';
import { codecFor, CODEC_NAMES } from '../../src/protocol/index.js';
import { measurePerOp } from './measure.js';

const USERS = 1000;
const TICK = 50;
const gateway = new Gateway({ config: DEFAULTS.gateway, clock: new ManualClock(0), log: silentLogger(), metrics: createMetricsRegistry({ isDefaultMetrics: false }), addresses: { isTrusted: () => true, bucketOf: (ip) => ip } });
let bytesOut = 0;
const sink: SocketSink = { writeBatch: (batch: FrameBatch) => void (bytesOut += encodeWsFrames(batch, false).length), bufferedBytes: () => 0, end: () => undefined, destroy: () => undefined };
const codec = codecFor(CODEC_NAMES.JSON);
for (let uid = 1; uid <= USERS; uid++) gateway.bind(gateway.open('ws', codec, '127.0.0.1', sink), { uid, device: 1 });
const delivery = new Delivery({ connections: gateway, peers: new LocalPeers() });
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function receipts(first: number): Promise<void> {
  for (let i = first; i < first + TICK; i++) delivery.push([(i % USERS) + 1], { action: 'ack.notify', data: { mid: 1e12 + i, from: ((i + 1) % USERS) + 1 } }, { g2DelayMs: 0 });
  await tick();
}

const { nsCpu, bytesAllocated } = await measurePerOp(Number(process.argv[2] ?? 400_000) / TICK, (round) => receipts(round * TICK));
console.log(`${(nsCpu / TICK).toFixed(0)} ns CPU, ${(bytesAllocated / TICK).toFixed(0)} B allocated per receipt (${bytesOut > 0})`);
await gateway.close(0);
