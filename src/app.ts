import type { FastifyInstance } from 'fastify';
import { createHttpServer } from './api/index.js';
import type { Config } from './config/index.js';
import { systemClock, type Clock, type Logger } from './core/index.js';
import { ActionRouter, Gateway, TcpTransport, WsTransport } from './gateway/index.js';
import { createMetricsRegistry, type MetricsRegistry } from './metrics/index.js';

export interface AppDeps {
  config: Config;
  log: Logger;
  clock?: Clock;
}

export interface ListeningAddresses {
  httpPort: number;
  tcpPort: number | null;
}

export interface App {
  readonly config: Config;
  readonly gateway: Gateway;
  readonly router: ActionRouter;
  readonly metrics: MetricsRegistry;
  readonly http: FastifyInstance;
  start(): Promise<ListeningAddresses>;
  /** Stops accepting, tells clients to reconnect elsewhere, flushes and closes. Safe to call twice. */
  close(reason?: string): Promise<void>;
}

/**
 * The composition root: the only place that picks engines and wires areas together.
 * Start order: store, areas, listeners; close order is the reverse.
 */
export async function createApp(deps: AppDeps): Promise<App> {
  const { config, log } = deps;
  const clock = deps.clock ?? systemClock;
  const metrics = createMetricsRegistry({ isDefaultMetrics: true });
  const gateway = new Gateway({ config: config.gateway, clock, log, metrics });
  const router = new ActionRouter(log.child({ area: 'router' }));
  gateway.setHandler(router);
  router.on('heartbeat', () => undefined, { isPublic: true });

  let isClosing = false;
  const http = await createHttpServer({
    log,
    metrics,
    bodyLimitBytes: config.gateway.maxFrameBytes,
    health: () => ({ isReady: !isClosing, details: { connections: gateway.connectionCount } }),
  });
  const ws = new WsTransport(gateway, { maxFrameBytes: config.gateway.maxFrameBytes, log });
  ws.attach(http.server);
  const tcp = config.server.tcpPort >= 0 ? new TcpTransport(gateway, { ...config.gateway, log }) : undefined;

  let closing: Promise<void> | undefined;
  return {
    config,
    gateway,
    router,
    metrics,
    http,
    async start() {
      await http.listen({ port: config.server.port, host: config.server.host });
      const address = http.server.address();
      const httpPort = typeof address === 'object' && address ? address.port : config.server.port;
      const tcpPort = tcp ? await tcp.listen(config.server.tcpPort, config.server.host) : null;
      return { httpPort, tcpPort };
    },
    close(reason = 'shutdown') {
      closing ??= (async () => {
        isClosing = true;
        log.info({ reason }, 'closing');
        ws.stopAccepting();
        const tcpStopped = tcp?.stopAccepting();
        await gateway.close(config.server.shutdownGraceMs);
        await tcpStopped;
        await http.close();
        log.info('closed');
      })();
      return closing;
    },
  };
}
