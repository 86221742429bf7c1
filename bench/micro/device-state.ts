// Micro-bench: what a signed-in connection's DeviceState costs per 1:1 message of a steady chat (issue 16): the
// device's own send acked (markOwn), its partner's message delivered and acked, the cursor read for the writer,
// as ChatDelivery drives it. Prints CPU and bytes allocated per message.
// Run: node --import tsx bench/micro/device-state.ts [messages]
import { ManualClock } from '../../src/core/index.js';
import { DEFAULTS } from '../../src/config/index.js';
import { Gateway, type SocketSink } from '../../src/gateway/index.js';
import { silentLogger } from '../../src/log/index.js';
/* eslint-disable-next-line no-restricted-imports -- DeviceState has no public face: the bench drives it as ChatDelivery does */
import { DeviceState } from '../../src/messaging/device-state.js';
import { createMetricsRegistry } from '../../src/metrics/index.js';
import { codecFor, CODEC_NAMES } from '../../src/protocol/index.js';
import { measurePerOp } from './measure.js';

const gateway = new Gateway({ config: DEFAULTS.gateway, clock: new ManualClock(0), log: silentLogger(), metrics: createMetricsRegistry({ isDefaultMetrics: false }), addresses: { isTrusted: () => true, bucketOf: (ip) => ip } });
const sink: SocketSink = { writeBatch: () => undefined, bufferedBytes: () => 0, end: () => undefined, destroy: () => undefined };
const conn = gateway.open('ws', codecFor(CODEC_NAMES.JSON), '127.0.0.1', sink);
gateway.bind(conn, { uid: 1, device: 1 });
const state = new DeviceState(conn, 1, 1);
state.startSync(0);
state.finishSync();
const envelope = { action: 'ack.notify', data: { mid: 1, from: 2 } };
let cursorSum = 0;

let n = 0;
/** Message n: seq 2n+1 is the device's own send, 2n+2 its partner's, delivered and acked. */
function oneMessage(): void {
  const i = n++;
  state.markOwn(2 * i + 1);
  state.deliver(2 * i + 2, 1e9 + i, envelope);
  state.ack(1e9 + i);
  cursorSum += state.cursor() ?? 0;
  if ((i & 63) === 63) conn.flush();
}

const count = Number(process.argv[2] ?? 400_000);
const { nsCpu, bytesAllocated } = await measurePerOp(count, oneMessage);
console.log(`${nsCpu.toFixed(0)} ns CPU, ${bytesAllocated.toFixed(0)} B allocated per message (cursor ${cursorSum > 0})`);
await gateway.close(0);
