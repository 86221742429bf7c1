import { ManualClock } from '../../src/core/index.js';
import { Gateway, type Connection } from '../../src/gateway/index.js';
import type { SocketSink } from '../../src/gateway/connection.js';
import { silentLogger } from '../../src/log/index.js';
import { createMetricsRegistry } from '../../src/metrics/index.js';
import { codecFor, type CodecName, type Dialect } from '../../src/protocol/index.js';
import { testConfig } from './test-server.js';

/** A frame as the socket got it (JSON codec, G2 unless asked otherwise). */
export interface WrittenFrame {
  seq: number;
  action: string;
  data?: unknown;
}

/** A connection of a real Gateway whose socket keeps what was written to it. */
export interface SocketProbe {
  conn: Connection;
  /** What reached the socket so far (flushed once per tick, so read it in waitFor). */
  frames(): WrittenFrame[];
  framesOf(action: string): WrittenFrame[];
}

/**
 * A real Gateway for unit tests of the areas above it, without listeners: `open` makes a connection
 * whose socket is an in-memory sink, bound to (uid, device) as a sign-in would.
 */
export function createUnitGateway(): { gateway: Gateway; open(uid: number, device?: number, options?: { codec?: CodecName; dialect?: Dialect }): SocketProbe; close(): Promise<void> } {
  const config = testConfig();
  const gateway = new Gateway({ config: config.gateway, clock: new ManualClock(0), log: silentLogger(), metrics: createMetricsRegistry({ isDefaultMetrics: false }), addresses: { isTrusted: () => true, bucketOf: (ip) => ip } });
  return {
    gateway,
    open(uid, device = 1, options = {}) {
      const written: Uint8Array[] = [];
      const sink: SocketSink = {
        writeBatch: (batch) => {
          for (let i = 0; i < batch.count; i++) {
            const frame = new Uint8Array(batch.lengthOf(i));
            batch.writeFrame(i, frame, 0);
            written.push(frame);
          }
        },
        bufferedBytes: () => 0,
        end: () => undefined,
        destroy: () => undefined,
      };
      const conn = gateway.open('ws', codecFor(options.codec ?? 'json'), '127.0.0.1', sink);
      if (options.dialect) {
        conn.dialect = options.dialect;
        conn.isDialectFixed = true;
      }
      gateway.bind(conn, { uid, device });
      const frames = () => written.map((data) => JSON.parse(new TextDecoder().decode(data)) as WrittenFrame);
      return { conn, frames, framesOf: (action) => frames().filter((f) => f.action === action) };
    },
    close: () => gateway.close(0),
  };
}
