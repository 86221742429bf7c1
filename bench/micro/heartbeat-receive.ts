// Micro-bench: the gateway's work per client heartbeat once ws has handed the text over (no socket read,
// no ws frame parse): a real Gateway and ActionRouter with the heartbeat route as the app registers it, 1,000
// signed-in connections. Compares the plain G2 heartbeat (the form the SDK and the bench send, taken without a
// decode) with the same heartbeat carrying `"data":null`, which still goes the full way (decode, budget, route):
// what every heartbeat cost before. Prints CPU and bytes allocated per heartbeat.
// Run: node --import tsx bench/micro/heartbeat-receive.ts [heartbeats]
import { ManualClock } from '../../src/core/index.js';
import { DEFAULTS } from '../../src/config/index.js';
import { ACTION_COST, ActionBudget, ActionRouter, Gateway, type SocketSink } from '../../src/gateway/index.js';
import { silentLogger } from '../../src/log/index.js';
import { createMetricsRegistry } from '../../src/metrics/index.js';
import { codecFor, CODEC_NAMES, DIALECTS } from '../../src/protocol/index.js';
import { measurePerOp } from './measure.js';

const CONNECTIONS = 1000;
const clock = new ManualClock(0);
const metrics = createMetricsRegistry({ isDefaultMetrics: false });
const gateway = new Gateway({ config: DEFAULTS.gateway, clock, log: silentLogger(), metrics, addresses: { isTrusted: () => true, bucketOf: (ip) => ip } });
const router = new ActionRouter(silentLogger(), new ActionBudget({ clock, metrics }, DEFAULTS.messaging));
router.on('heartbeat', () => undefined, { isPublic: true, cost: ACTION_COST.free });
gateway.setHandler(router);
const sink: SocketSink = { writeBatch: () => undefined, bufferedBytes: () => 0, end: () => undefined, destroy: () => undefined };
const codec = codecFor(CODEC_NAMES.JSON);
const conns = Array.from({ length: CONNECTIONS }, (_, i) => {
  const conn = gateway.open('ws', codec, '127.0.0.1', sink);
  gateway.bind(conn, { uid: i + 1, device: 1 });
  return conn;
});
// As ws hands a text frame over (ws-transport: `data.toString('utf8')`), one string per frame.
const plain = Array.from({ length: 64 }, (_, i) => Buffer.from(codec.stamp(codec.prepare(DIALECTS.G2, { action: 'heartbeat' }), 1000 + i)));
const full = plain.map((frame) => Buffer.from(frame.toString('utf8').replace(/\}$/, ',"data":null}')));

for (const [name, frames] of [['plain (taken without a decode)', plain], ['with "data":null (decoded and routed)', full]] as const) {
  const { nsCpu, bytesAllocated } = await measurePerOp(Number(process.argv[2] ?? 1_000_000), (i) => {
    clock.advance(1);
    gateway.receive(conns[i % CONNECTIONS]!, frames[i & 63]!.toString('utf8'));
  });
  console.log(`${name}: ${nsCpu.toFixed(0)} ns CPU, ${bytesAllocated.toFixed(0)} B allocated per heartbeat`);
}
