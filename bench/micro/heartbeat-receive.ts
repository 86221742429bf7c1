// Micro-bench: the gateway's work per client heartbeat once ws has handed the text over (no socket read,
// no ws frame parse): a real Gateway and ActionRouter with the heartbeat route as the app registers it, 1,000
// signed-in connections. Compares the plain G2 heartbeat (the form the SDK and the bench send, taken without a
// decode) with the same heartbeat carrying `"data":null`, which still goes the full way (decode, budget, route):
// what every heartbeat cost before. Prints CPU and bytes allocated per heartbeat.
// Run: node --import tsx bench/micro/heartbeat-receive.ts [heartbeats]
import { ACTION_COST } from '../../src/gateway/index.js';
import { DIALECTS } from '../../src/protocol/index.js';
import { measurePerOp } from './measure.js';
import { signedInGateway } from './signed-in-gateway.js';

const { clock, gateway, router, codec, connAt } = signedInGateway();
router.on('heartbeat', () => undefined, { isPublic: true, cost: ACTION_COST.free });
gateway.setHandler(router);
// As ws hands a text frame over (ws-transport: `data.toString('utf8')`), one string per frame.
const plain = Array.from({ length: 64 }, (_, i) => Buffer.from(codec.stamp(codec.prepare(DIALECTS.G2, { action: 'heartbeat' }), 1000 + i)));
const full = plain.map((frame) => Buffer.from(frame.toString('utf8').replace(/\}$/, ',"data":null}')));

for (const [name, frames] of [['plain (taken without a decode)', plain], ['with "data":null (decoded and routed)', full]] as const) {
  const { nsCpu, bytesAllocated } = await measurePerOp(Number(process.argv[2] ?? 1_000_000), (i) => {
    clock.advance(1);
    gateway.receive(connAt(i), frames[i & 63]!.toString('utf8'));
  });
  console.log(`${name}: ${nsCpu.toFixed(0)} ns CPU, ${bytesAllocated.toFixed(0)} B allocated per heartbeat`);
}
