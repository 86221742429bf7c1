import { appRoutes, authRoutes, contactRoutes, createHttpServer, localContactNotifier, messageRoutes, RouteTable, sessionRoutes, userRoutes } from './api/index.js';
import { AccountService, createAuthKit, SocketSignin } from './auth/index.js';
import type { Config } from './config/index.js';
import { ContactService, SessionService, UserDirectory } from './contact/index.js';
import { MidGenerator, runInBackground, systemClock, type Clock, type Logger } from './core/index.js';
import { ActionRouter, Gateway, TcpTransport, WsTransport } from './gateway/index.js';
import { ChatDelivery, ChatService, ChatWriter, createMessagingMetrics, MemoryInboxSequencer } from './messaging/index.js';
import { createMetricsRegistry, type MetricsRegistry } from './metrics/index.js';
import { createStore, type Store } from './store/index.js';

export interface AppDeps {
  config: Config;
  log: Logger;
  clock?: Clock;
}

export interface ListeningAddresses {
  httpPort: number;
  tcpPort: number | null;
}

export type HttpServer = Awaited<ReturnType<typeof createHttpServer>>;

export interface App {
  readonly config: Config;
  readonly gateway: Gateway;
  readonly router: ActionRouter;
  readonly routes: RouteTable;
  readonly metrics: MetricsRegistry;
  readonly http: HttpServer;
  readonly store: Store;
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
  const startedAt = clock.now();
  const metrics = createMetricsRegistry({ isDefaultMetrics: true });
  const store = await createStore({ url: config.store.url, dataDir: config.server.dataDir, log, clock });

  const gateway = new Gateway({ config: config.gateway, clock, log, metrics });
  const router = new ActionRouter(log.child({ area: 'router' }));
  gateway.setHandler(router);
  router.on('heartbeat', () => undefined, { isPublic: true });

  let publicServers: string[] = [];
  const kit = await createAuthKit(
    { clock, log, versions: { get: (uid, device) => store.users.getTokenVersion(uid, device), bump: (uid, device) => store.users.bumpTokenVersion(uid, device) } },
    { ...config.auth, dataDir: config.server.dataDir },
  );
  const accounts = new AccountService({ users: store.users, kit, clock, servers: () => publicServers });
  const signins = new SocketSignin({ accounts, directory: gateway, policy: config.auth.devicePolicy, log: log.child({ area: 'auth' }) });
  signins.mount(router);

  const messagingMetrics = createMessagingMetrics(metrics);
  const writer = new ChatWriter({ messages: store.messages, sessions: store.sessions, sequencer: new MemoryInboxSequencer(store.messages) }, (size, ms) => {
    messagingMetrics.commitBatch.observe(size);
    messagingMetrics.commitSeconds.observe(ms / 1000);
  });
  const messagingLog = log.child({ area: 'messaging' });
  const delivery = new ChatDelivery({ messages: store.messages, connections: gateway, metrics: messagingMetrics, log: messagingLog, offlinePushLimit: config.messaging.offlinePushLimit });
  const chat = new ChatService({
    users: store.users,
    contacts: store.contacts,
    messages: store.messages,
    sessions: store.sessions,
    writer,
    delivery,
    mids: new MidGenerator(clock, 0),
    tickets: kit.tickets,
    clock,
    log: messagingLog,
    metrics: messagingMetrics,
    settings: config.messaging,
  });
  chat.mount(router);
  signins.onSignedIn((conn) => runInBackground(messagingLog, 'sign-in sync', delivery.syncDevice(conn)));

  const routes = new RouteTable({ log, verifyToken: (token) => accounts.verifyToken(token) });
  routes.add(
    ...authRoutes({ accounts, signins }),
    ...appRoutes({ online: () => gateway.registry.signedInUsers, maxOnline: () => gateway.peakConnections, messagesSent: () => chat.acceptedCount(), startedAt }),
    ...userRoutes({ directory: new UserDirectory({ users: store.users, passwords: kit.passwords }) }),
    ...contactRoutes({ contacts: new ContactService({ store, notifier: localContactNotifier(gateway) }) }),
    ...messageRoutes({ chat, delivery, messages: store.messages, historyPageMax: config.messaging.historyPageMax }),
    ...sessionRoutes({ sessions: new SessionService({ store, tickets: kit.tickets }) }),
  );

  let isClosing = false;
  const http = await createHttpServer({
    log,
    metrics,
    bodyLimitBytes: config.gateway.maxFrameBytes,
    health: () => ({ isReady: !isClosing, details: { connections: gateway.connectionCount } }),
  });
  routes.mountHttp(http);
  routes.mountSocket(router);
  const ws = new WsTransport(gateway, { maxFrameBytes: config.gateway.maxFrameBytes, log });
  ws.attach(http.server);
  const tcp = config.server.tcpPort >= 0 ? new TcpTransport(gateway, { ...config.gateway, log }) : undefined;

  let closing: Promise<void> | undefined;
  return {
    config,
    gateway,
    router,
    routes,
    metrics,
    http,
    store,
    async start() {
      await http.listen({ port: config.server.port, host: config.server.host });
      const address = http.server.address();
      const httpPort = typeof address === 'object' && address ? address.port : config.server.port;
      const tcpPort = tcp ? await tcp.listen(config.server.tcpPort, config.server.host) : null;
      publicServers = [config.server.publicWsUrl || defaultWsUrl(config.server.host, httpPort)];
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
        await writer.flushed();
        await delivery.flushed();
        await store.close();
        log.info('closed');
      })();
      return closing;
    },
  };
}

function defaultWsUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `ws://${name}:${port}/ws`;
}
