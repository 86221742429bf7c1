import { Counter, Gauge, TallyCounter, type MetricsRegistry } from '../metrics/index.js';

export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;

/** Live values read at scrape time. */
export interface GatewayGaugeSources {
  trackedAddresses: () => number;
}

export function createGatewayMetrics(registry: MetricsRegistry, sources: GatewayGaugeSources) {
  const registers = [registry];
  return {
    trackedAddresses: new Gauge({
      name: 'glide_gateway_tracked_addresses',
      help: 'Client addresses tracked for per-IP connection limits',
      registers,
      collect() {
        this.set(sources.trackedAddresses());
      },
    }),
    connections: new Gauge({ name: 'glide_gateway_connections', help: 'Open connections', labelNames: ['transport', 'codec'] as const, registers }),
    framesIn: new TallyCounter({ name: 'glide_gateway_frames_in_total', help: 'Frames received', labelName: 'transport', registers }),
    framesOut: new TallyCounter({ name: 'glide_gateway_frames_out_total', help: 'Frames sent', labelName: 'transport', registers }),
    bytesIn: new TallyCounter({ name: 'glide_gateway_bytes_in_total', help: 'Payload bytes received', labelName: 'transport', registers }),
    bytesOut: new TallyCounter({ name: 'glide_gateway_bytes_out_total', help: 'Payload bytes sent', labelName: 'transport', registers }),
    decodeErrors: new Counter({ name: 'glide_gateway_decode_errors_total', help: 'Frames that failed to decode', labelNames: ['transport', 'kind'] as const, registers }),
    queueOverflows: new Counter({ name: 'glide_gateway_queue_overflows_total', help: 'Connections closed because their send queue overflowed', labelNames: ['transport'] as const, registers }),
    heartbeatCloses: new Counter({ name: 'glide_gateway_heartbeat_closes_total', help: 'Connections closed after missed heartbeats', labelNames: ['transport'] as const, registers }),
    refused: new Counter({ name: 'glide_gateway_refused_total', help: 'Sockets refused at accept, by limit', labelNames: ['transport', 'reason'] as const, registers }),
    authTimeouts: new Counter({ name: 'glide_gateway_auth_timeouts_total', help: 'Connections closed for not signing in within gateway.authTimeoutMs', labelNames: ['transport'] as const, registers }),
    handshakeTimeouts: new Counter({ name: 'glide_gateway_handshake_timeouts_total', help: 'TCP sockets dropped before their TLS handshake or preface finished', labelNames: ['stage'] as const, registers }),
    disconnects: new Counter({ name: 'glide_gateway_disconnects_total', help: 'Closed connections by reason', labelNames: ['reason'] as const, registers }),
  };
}
