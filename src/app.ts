import { appRoutes, authRoutes, contactNotifier, contactRoutes, createHttpServer, groupMessageRoutes, groupRoutes, messageRoutes, pushRoutes, RouteTable, serveWebPage, sessionRoutes, userRoutes } from './api/index.js';
import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { AccountService, createAddressMatcher, createAuthKit, createAuthMetrics, ipThrottleKey, SocketSignin } from './auth/index.js';
// The auth area's IP helpers, until its face exports them: the gateway's per-IP limits reuse them.
import type { ClusterNode } from './cluster/index.js';
import { clusterFigures, joinConfiguredCluster, presenceDirectory, type NodeFigures } from './cluster-wiring.js';
import type { Config } from './config/index.js';
import { ContactService, PresenceAnnouncer, SessionService, UserDirectory, withBlocklistCache, type ContactStores } from './contact/index.js';
import { GlideError, localCalls, MidGenerator, runInBackground, systemClock, type Clock, type Logger } from './core/index.js';
import { ACTION_COST, ActionBudget, ActionRouter, Gateway, TcpTransport, WsTransport } from './gateway/index.js';
import { createGroupMetrics, GroupAdmin, GroupDirectory, GroupFanout, GroupService, GroupWriter, mountReceipts, OwnedGroupAdmin } from './group/index.js';
import { readAckRead } from './protocol/index.js';
import { ChatDelivery, ChatService, ChatWriter, createMessagingMetrics, IssuedMids, StoreInboxSequencer } from './messaging/index.js';
import { createMetricsRegistry, type MetricsRegistry } from './metrics/index.js';
import { createReach } from './reach-wiring.js';
import { createStore, type Store } from './store/index.js';

export interface AppDeps {
  config: Config;
  log: Logger;
  clock?: Clock;
  /** A cluster node made by the caller (an in-process cluster); else `config.cluster` decides. */
  cluster?: ClusterNode;
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
  readonly accounts: AccountService;
  /** This node in cluster mode. */
  readonly cluster: ClusterNode | undefined;
  start(): Promise<ListeningAddresses>;
  /** Stops accepting, tells clients to reconnect elsewhere, flushes and closes. Safe to call twice. */
  close(reason?: string): Promise<void>;
}

/**
 * The composition root: the only place that picks engines and wires areas together.
 * Start order: store, cluster node, areas (which register their bus handlers), the node's announcement,
 * listeners; close order is the reverse. Single mode and cluster mode are two wirings of the same areas:
 * the cluster adds `peers` (delivery to other nodes) and owned `calls` (one writer per gid).
 */
export async function createApp(deps: AppDeps): Promise<App> {
  const { config, log } = deps;
  const clock = deps.clock ?? systemClock;
  const tls = await loadTls(config.server.tls);
  const startedAt = clock.now();
  const metrics = createMetricsRegistry({ isDefaultMetrics: true });
  const store = await createStore({ ...config.store, dataDir: config.server.dataDir, log, clock });
  const cluster = deps.cluster ?? (await joinConfiguredCluster(config, { log, clock, metrics }).catch(async (err: unknown) => {
    await store.close();
    throw err;
  }));
  // Push notifications and webhooks: areas tell it what happens through `hooks`.
  const reach = await createReach({ config, store, clock, log, metrics }).catch(async (err: unknown) => {
    await cluster?.close();
    await store.close();
    throw err;
  });
  const { hooks } = reach;
  const peers = cluster?.peers;
  const calls = cluster?.calls ?? localCalls;
  // Without the bus a message could be stored but not reach devices on other nodes: refuse, the client retries.
  const unavailable = cluster ? () => (cluster.bus.isConnected ? undefined : 'the cluster bus is down, retry shortly') : undefined;
  const whenUnavailable = unavailable ? { unavailable } : {};

  const addresses = { isTrusted: createAddressMatcher(config.auth.trustedAddresses), bucketOf: ipThrottleKey };
  const isAdmin = createAddressMatcher(config.server.adminAddresses, 'server.adminAddresses');
  const gateway = new Gateway({ config: config.gateway, clock, log, metrics, addresses });
  const budget = new ActionBudget({ clock, metrics }, config.messaging);
  const router = new ActionRouter(log.child({ area: 'router' }), budget);
  gateway.setHandler(router);
  router.on('heartbeat', () => undefined, { isPublic: true, cost: ACTION_COST.free });

  let publicServers: string[] = [];
  const kit = await createAuthKit(
    { clock, log, versions: { get: (uid, device) => store.users.getTokenVersion(uid, device), bump: (uid, device) => store.users.bumpTokenVersion(uid, device), devices: (uid) => store.users.listTokenDevices(uid) } },
    { ...config.auth, dataDir: config.server.dataDir },
  );
  const authMetrics = createAuthMetrics(metrics, kit.throttle, kit.hashing);
  const accounts = new AccountService({ users: store.users, kit, clock, servers: () => publicServers, countSignin: (outcome) => authMetrics.signins.inc({ outcome }), calls, hooks });
  const directory = cluster ? presenceDirectory(cluster, gateway, router, log.child({ area: 'presence' })) : gateway;
  const signins = new SocketSignin({ accounts, directory, policy: config.auth.devicePolicy, log: log.child({ area: 'auth' }), ...(peers ? { peers } : {}) });
  signins.mount(router);

  // Every message checks the blacklist: it is served from memory, kept in step by the blacklist routes.
  const contactStores: ContactStores = { users: store.users, contacts: withBlocklistCache(store.contacts, peers), sessions: store.sessions };
  const mids = new MidGenerator(clock, cluster?.nodeId ?? 0);
  const messagingMetrics = createMessagingMetrics(metrics);
  // In a cluster other nodes write the same inboxes: counters are read per batch, the store fences them.
  const sequencer = new StoreInboxSequencer(store.messages, { fresh: cluster !== undefined });
  const writer = new ChatWriter(
    { messages: store.messages, sequencer, log: log.child({ area: 'messaging' }) },
    (size, ms) => {
      messagingMetrics.commitBatch.observe(size);
      messagingMetrics.commitSeconds.observe(ms / 1000);
    },
    () => messagingMetrics.storeConflicts.inc(),
  );
  const messagingLog = log.child({ area: 'messaging' });
  const delivery = new ChatDelivery({
    messages: store.messages,
    cursors: writer,
    connections: gateway,
    metrics: messagingMetrics,
    log: messagingLog,
    offlinePushLimit: config.messaging.offlinePushLimit,
    // Half the send queue: the sign-in push alone must never disconnect the device as too slow.
    offlinePushMaxBytes: Math.floor(config.gateway.maxQueueBytes / 2),
    custodyNoticeDelayMs: config.messaging.custodyNoticeDelayMs,
    hooks,
    ...(peers ? { peers } : {}),
  });
  const issuedMids = new IssuedMids(mids, peers);
  const chat = new ChatService({
    users: store.users,
    contacts: contactStores.contacts,
    messages: store.messages,
    sessions: store.sessions,
    writer,
    delivery,
    mids,
    tickets: kit.tickets,
    clock,
    log: messagingLog,
    metrics: messagingMetrics,
    settings: config.messaging,
    issued: issuedMids,
    ...whenUnavailable,
    calls,
    hooks,
  });
  chat.mount(router);

  const groupMetrics = createGroupMetrics(metrics);
  const groupLog = log.child({ area: 'group' });
  const ownership = cluster?.ownership;
  const groupDirectory = new GroupDirectory({ groups: store.groups, groupMessages: store.groupMessages, ...(ownership ? { keeps: (gid: number) => ownership.isMine(gid) } : {}) });
  ownership?.onChange((change) => groupDirectory.forgetWhere((gid) => change.isLost(gid)));
  const groupWriter = new GroupWriter({ directory: groupDirectory, groupMessages: store.groupMessages, mids, clock }, (size) => groupMetrics.commitBatch.observe(size));
  const groupService = new GroupService({
    directory: groupDirectory,
    writer: groupWriter,
    fanout: new GroupFanout(gateway, peers),
    groups: store.groups,
    groupMessages: store.groupMessages,
    clock,
    log: groupLog,
    metrics: groupMetrics,
    settings: { ...config.messaging, offlinePushLimit: config.group.offlinePushLimit },
    budget,
    issued: issuedMids,
    calls,
    ...whenUnavailable,
    hooks,
  });
  groupService.mount(router);
  const groupAdmin = new OwnedGroupAdmin(
    new GroupAdmin({ groups: store.groups, users: store.users, sessions: store.sessions, directory: groupDirectory, writer: groupWriter, service: groupService, settings: config.group, hooks }),
    calls,
  );
  mountReceipts(router, { chat, groups: groupService, log: messagingLog });
  router.on('ack.read', (conn, envelope) => {
    const receipt = readAckRead(envelope.data);
    return receipt.gid !== undefined ? groupService.read(conn, receipt) : chat.read(conn, receipt);
  });

  const isOnline = (uid: number) => gateway.connectionsOf(uid).size > 0 || (peers?.nodesOf(uid).length ?? 0) > 0;
  const presence = new PresenceAnnouncer({
    contacts: contactStores.contacts,
    clock,
    isOnline,
    push: (to, change) => delivery.pushToUser(to, { action: change.online ? 'event.user.online' : 'event.user.offline', data: change }),
  });
  signins.onSignedIn((conn) => {
    runInBackground(messagingLog, 'sign-in sync', delivery.syncDevice(conn));
    runInBackground(groupLog, 'sign-in group sync', groupService.syncMember(conn));
    const { uid, device } = conn.identity!;
    if (gateway.connectionsOf(uid).size === 1) runInBackground(log, 'presence online', presence.announce(uid, device, true));
  });
  router.onDisconnect((conn) => {
    const identity = conn.identity;
    if (identity && !isOnline(identity.uid)) runInBackground(log, 'presence offline', presence.announce(identity.uid, identity.device, false));
  });

  const figures = (): NodeFigures => ({ online: gateway.registry.signedInUsers, maxOnline: gateway.peakConnections, messagesSent: chat.acceptedCount(), startedAt });
  const routes = new RouteTable({ log, verifyToken: (token) => accounts.verifyToken(token) });
  routes.add(
    ...authRoutes({ accounts, signins }),
    ...appRoutes(cluster ? clusterFigures(cluster, figures) : async () => figures(), isAdmin),
    ...userRoutes({ directory: new UserDirectory({ users: store.users }), accounts, signins }),
    ...contactRoutes({ contacts: new ContactService({ store: contactStores, notifier: contactNotifier((uid, envelope) => delivery.pushToUser(uid, envelope)) }), isOnline }),
    ...messageRoutes({ chat, delivery, messages: store.messages, historyPageMax: config.messaging.historyPageMax }),
    ...groupRoutes({ admin: groupAdmin, directory: groupDirectory, groups: store.groups, isOnline }),
    ...groupMessageRoutes({ directory: groupDirectory, groups: store.groups, groupMessages: store.groupMessages, historyPageMax: config.messaging.historyPageMax }),
    ...sessionRoutes({ sessions: new SessionService({ store: contactStores, tickets: kit.tickets }) }),
    ...pushRoutes({ push: reach.push, vapidPublicKey: config.push.vapid.publicKey }),
  );

  let isClosing = false;
  const http = await createHttpServer({
    log,
    metrics,
    bodyLimitBytes: config.server.maxBodyBytes,
    headersTimeoutMs: config.server.headersTimeoutMs,
    requestTimeoutMs: config.server.requestTimeoutMs,
    tls,
    isAdmin,
    health: async () => {
      const isStoreUp = await storeIsUp(store);
      // A node that cannot write would ack nothing: out of the load balancer until writes work again.
      const writes = isStoreUp ? await store.checkWritable() : { isWritable: false, reason: 'the database is down' };
      const isBusUp = cluster?.bus.isConnected ?? true;
      const details = {
        connections: gateway.connectionCount,
        store: isStoreUp ? 'up' : 'down',
        writes: writes.isWritable ? 'ok' : `failing: ${writes.reason}`,
        ...(cluster ? { node: cluster.nodeId, bus: isBusUp ? 'up' : 'down', nodes: cluster.bus.members() } : {}),
      };
      return { isReady: !isClosing && isStoreUp && writes.isWritable && isBusUp, details };
    },
  });
  routes.mountHttp(http);
  await serveWebPage(http);
  routes.mountSocket(router);
  const ws = new WsTransport(gateway, { maxFrameBytes: config.gateway.maxFrameBytes, log });
  ws.attach(http.server);
  const tcp = config.server.tcpPort >= 0 ? new TcpTransport(gateway, { ...config.gateway, log, tls }) : undefined;

  let closing: Promise<void> | undefined;
  const app: App = {
    config,
    gateway,
    router,
    routes,
    metrics,
    http,
    store,
    accounts,
    cluster,
    async start() {
      if (cluster) {
        await cluster.start();
        cluster.onFatal((reason) => runInBackground(log, 'fatal close', app.close(reason)));
      }
      await reach.start();
      await http.listen({ port: config.server.port, host: config.server.host });
      const address = http.server.address();
      const httpPort = typeof address === 'object' && address ? address.port : config.server.port;
      const tcpPort = tcp ? await tcp.listen(config.server.tcpPort, config.server.host) : null;
      publicServers = [config.server.publicWsUrl || defaultWsUrl(config.server.host, httpPort, tls !== undefined)];
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
        await groupWriter.flushed();
        await groupService.flushed();
        await delivery.flushed();
        await reach.close();
        await cluster?.close();
        await store.close();
        log.info('closed');
      })();
      return closing;
    },
  };
  return app;
}

function defaultWsUrl(host: string, port: number, isTls: boolean): string {
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `${isTls ? 'wss' : 'ws'}://${name}:${port}/ws`;
}

/** Reads `server.tls`; both files or neither, checked at boot so a typo never serves plain text. */
async function loadTls(files: Config['server']['tls']): Promise<{ cert: Buffer; key: Buffer } | undefined> {
  if (files.certFile === '' && files.keyFile === '') return undefined;
  if (files.certFile === '' || files.keyFile === '') throw new GlideError('CONFIG_INVALID', 'server.tls needs both certFile and keyFile');
  const read = (key: string, file: string): Promise<Buffer> =>
    readFile(file).catch((err: unknown) => {
      throw new GlideError('CONFIG_INVALID', `server.tls.${key}: cannot read ${file}`, { cause: err });
    });
  const pair = { cert: await read('certFile', files.certFile), key: await read('keyFile', files.keyFile) };
  try {
    createSecureContext(pair);
  } catch (err) {
    throw new GlideError('CONFIG_INVALID', `server.tls: ${(err as Error).message}`, { cause: err });
  }
  return pair;
}

const HEALTH_PING_TIMEOUT_MS = 1_000;

/** One round trip, bounded: a database that hangs is as down as one that refuses. */
async function storeIsUp(store: Store): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), HEALTH_PING_TIMEOUT_MS)));
  try {
    return await Promise.race([store.ping().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
