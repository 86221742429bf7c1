// The inbound micro-benchmarks' gateway: a real Gateway and ActionRouter (with the given budget settings) and
// 1,000 signed-in JSON connections writing into a sink that drops the bytes.
import { ManualClock } from '../../src/core/index.js';
import { DEFAULTS } from '../../src/config/index.js';
import { ActionBudget, ActionRouter, Gateway, type SocketSink } from '../../src/gateway/index.js';
import { silentLogger } from '../../src/log/index.js';
import { createMetricsRegistry } from '../../src/metrics/index.js';
import { codecFor, CODEC_NAMES } from '../../src/protocol/index.js';

const CONNECTIONS = 1000;

export function signedInGateway(budget: typeof DEFAULTS.messaging = DEFAULTS.messaging) {
  const clock = new ManualClock(0);
  const metrics = createMetricsRegistry({ isDefaultMetrics: false });
  const gateway = new Gateway({ config: DEFAULTS.gateway, clock, log: silentLogger(), metrics, addresses: { isTrusted: () => true, bucketOf: (ip) => ip } });
  const router = new ActionRouter(silentLogger(), new ActionBudget({ clock, metrics }, budget));
  const sink: SocketSink = { writeBatch: () => undefined, bufferedBytes: () => 0, end: () => undefined, destroy: () => undefined };
  const codec = codecFor(CODEC_NAMES.JSON);
  const conns = Array.from({ length: CONNECTIONS }, (_, i) => {
    const conn = gateway.open('ws', codec, '127.0.0.1', sink);
    gateway.bind(conn, { uid: i + 1, device: 1 });
    return conn;
  });
  /** The i-th connection, round the 1,000. */
  const connAt = (i: number) => conns[i % CONNECTIONS]!;
  return { clock, gateway, router, codec, connAt };
}
