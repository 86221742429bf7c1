import { appRoutes, authRoutes, contactNotifier, contactRoutes, createHttpServer, eventRoutes, fileRoutes, groupMessageRoutes, groupReadRoutes, groupRoutes, messageRoutes, mountFileHttp, pushRoutes, RouteTable, searchRoutes, serveWebPage, sessionRoutes, userRoutes } from './api/index.js';
import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { AccountService, createAddressMatcher, createAuthKit, createAuthMetrics, ipThrottleKey, SigninGate, SocketSignin } from './auth/index.js';
import type { ClusterNode } from './cluster/index.js';
import type { Config } from './config/index.js';
import { ContactService, PresenceAnnouncer, SessionService, UserDirectory, withBlocklistCache, type ContactStores } from './contact/index.js';
import { GlideError, MidGenerator, runInBackground, systemClock, type Clock, type Logger } from './core/index.js';
import { Delivery } from './delivery/index.js';
import { pickEngines, pickFileStorage, type NodeFigures, type NodeWiring } from './engines.js';
import { ACTION_COST, ActionBudget, ActionRouter, connectionsWithinFiles, Gateway, LISTEN_BACKLOG, openFilesLimit, TcpTransport, WsTransport } from './gateway/index.js';
import { FileService } from './files/index.js';
import { createGroupMetrics, GroupAdmin, GroupDirectory, GroupEvents, GroupFanout, GroupReader, GroupReads, GroupService, GroupWriter, MessageAccess, mountReceipts, OwnedGroupAdmin } from './group/index.js';
import { CHAT_GATHER_MS, ChatDelivery, ChatEvents, ChatService, ChatWriter, createMessagingMetrics, InboxReader, IssuedMids, LATE_SYNC_CHECKS_MS, MessageSearch, SERVER_CHAT_GATHER_MS, StoreInboxSequencer } from './messaging/index.js';
import { createMetricsRegistry, type MetricsRegistry } from './metrics/index.js';
import { createReach } from './reach-wiring.js';
import type { Store } from './store/index.js';

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
  /** Admission of long-connection sign-ins (its backlog also refuses upgrades). */
  readonly signinGate: SigninGate;
  /** This node in cluster mode. */
  readonly cluster: ClusterNode | undefined;
  start(): Promise<ListeningAddresses>;
  /** Stops accepting, tells clients to reconnect elsewhere, flushes and closes. Safe to call twice. */
  close(reason?: string): Promise<void>;
}

/**
 * The composition root: wires the areas over the engines `pickEngines` chose. Start order: store,
 * node (cluster or alone), areas (which register their handlers), listeners; close order is the
 * reverse. Single mode and cluster mode are two wirings of the same areas (`NodeWiring`): nothing here
 * asks which one it has.
 */
export async function createApp(deps: AppDeps): Promise<App> {
  const { config, log } = deps;
  const clock = deps.clock ?? systemClock;
  const tls = await loadTls(config.server.tls);
  const startedAt = clock.now();
  const metrics = createMetricsRegistry({ isDefaultMetrics: true });
  const { store, node } = await pickEngines(config, { log, clock, metrics, ...(deps.cluster ? { cluster: deps.cluster } : {}) });
  // Push notifications and webhooks: areas tell it what happens through `hooks`.
  const reach = await createReach({ config, store, clock, log, metrics, nodeId: node.nodeId }).catch(async (err: unknown) => {
    await node.close();
    throw err;
  });
  const { hooks } = reach;
  const { peers, calls } = node;
  const messagingLog = log.child({ area: 'messaging' });
  const groupLog = log.child({ area: 'group' });

  const addresses = { isTrusted: createAddressMatcher(config.auth.trustedAddresses), bucketOf: ipThrottleKey };
  const isAdmin = createAddressMatcher(config.server.adminAddresses, 'server.adminAddresses');
  const maxConnections = connectionsWithinFiles(config.gateway.maxConnections, openFilesLimit());
  if (maxConnections < config.gateway.maxConnections) log.info({ maxConnections, configured: config.gateway.maxConnections }, 'gateway.maxConnections lowered to the open-files limit');
  // The sign-in gate is made below with the auth area; upgrades come only once the node serves.
  const gateway = new Gateway({ config: { ...config.gateway, maxConnections }, clock, log, metrics, addresses, signinBacklogMs: () => gate.backlogMs() });
  const budget = new ActionBudget({ clock, metrics }, config.messaging);
  const router = new ActionRouter(log.child({ area: 'router' }), budget);
  gateway.setHandler(router);
  router.on('heartbeat', () => undefined, { isPublic: true, cost: ACTION_COST.free });
  const delivery = new Delivery({ connections: gateway, peers });

  let publicServers: string[] = [];
  const versions = { get: (uid: number, device: number) => store.users.getTokenVersion(uid, device), bump: (uid: number, device: number) => store.users.bumpTokenVersion(uid, device), devices: (uid: number) => store.users.listTokenDevices(uid) };
  const kit = await createAuthKit({ clock, log, versions }, { ...config.auth, dataDir: config.server.dataDir });
  const authMetrics = createAuthMetrics(metrics, kit.throttle, kit.hashing);
  const accounts = new AccountService({ users: store.users, kit, clock, servers: () => publicServers, countSignin: (outcome) => authMetrics.signins.inc({ outcome }), calls, hooks });
  const directory = node.directory(gateway, router, log.child({ area: 'presence' }));
  const gate = new SigninGate({ concurrency: config.auth.signinConcurrency, maxWaiting: config.auth.signinQueueMax, maxWaitMs: config.auth.signinMaxWaitMs, now: () => clock.now() });
  const signins = new SocketSignin({ accounts, directory, policy: config.auth.devicePolicy, log: log.child({ area: 'auth' }), delivery, gate });
  signins.mount(router);

  // Every message checks the blacklist: it is served from memory, kept in step by the blacklist routes.
  const contactStores: ContactStores = { users: store.users, contacts: withBlocklistCache(store.contacts, peers), sessions: store.sessions };
  const mids = new MidGenerator(clock, node.nodeId);
  const issued = new IssuedMids(mids, peers);
  const messagingMetrics = createMessagingMetrics(metrics);
  // Other nodes may write the same inboxes: then counters are read per batch, the store fences them.
  const sequencer = new StoreInboxSequencer(store.messages, { fresh: node.isShared });
  const onCommit = (size: number, ms: number): void => {
    messagingMetrics.commitBatch.observe(size);
    messagingMetrics.commitSeconds.observe(ms / 1000);
  };
  const gatherMs = store.engine === 'sqlite' ? CHAT_GATHER_MS : node.isShared ? config.cluster.chatGatherMs : SERVER_CHAT_GATHER_MS;
  const writer = new ChatWriter({ messages: store.messages, sequencer, log: messagingLog }, onCommit, () => messagingMetrics.storeConflicts.inc(), gatherMs);
  const chatDelivery = new ChatDelivery({
    messages: store.messages,
    cursors: writer,
    connections: gateway,
    delivery,
    peers,
    metrics: messagingMetrics,
    log: messagingLog,
    offlinePushLimit: config.messaging.offlinePushLimit,
    // Half the send queue: the sign-in push alone must never disconnect the device as too slow.
    offlinePushMaxBytes: Math.floor(config.gateway.maxQueueBytes / 2),
    custodyNoticeDelayMs: config.messaging.custodyNoticeDelayMs,
    hooks,
    isReceiptDelegable: reach.push.kinds.length === 0,
    lateSyncChecksMs: node.isShared ? LATE_SYNC_CHECKS_MS : [],
  });
  const chatStores = { users: store.users, contacts: contactStores.contacts, messages: store.messages, sessions: store.sessions };
  const groupDirectory = new GroupDirectory({ groups: store.groups, groupMessages: store.groupMessages, keeps: (gid) => node.keeps(gid) });
  node.onOwnershipLost((isLost) => groupDirectory.forgetWhere(isLost));
  const readable = new MessageAccess({ messages: store.messages, groupMessages: store.groupMessages, directory: groupDirectory });
  const chat = new ChatService({ ...chatStores, writer, delivery: chatDelivery, mids, tickets: kit.tickets, clock, log: messagingLog, metrics: messagingMetrics, settings: config.messaging, issued, calls, hooks, readable });
  chat.mount(router, signins);

  const groupMetrics = createGroupMetrics(metrics);
  const groupWriter = new GroupWriter({ directory: groupDirectory, groupMessages: store.groupMessages, mids, clock, mentions: config.group }, (size) => groupMetrics.commitBatch.observe(size));
  const groupSettings = { ...config.messaging, offlinePushLimit: config.group.offlinePushLimit, maxMentions: config.group.maxMentions };
  const groupStores = { groups: store.groups, groupMessages: store.groupMessages };
  const fanout = new GroupFanout(gateway, delivery);
  const groupService = new GroupService({ ...groupStores, directory: groupDirectory, writer: groupWriter, fanout, clock, log: groupLog, metrics: groupMetrics, settings: groupSettings, budget, issued, calls, hooks, readable });
  groupService.mount(router, signins);
  const groupAdminDeps = { ...groupStores, users: store.users, sessions: store.sessions, directory: groupDirectory, writer: groupWriter, service: groupService, settings: config.group, hooks };
  const groupAdmin = new OwnedGroupAdmin(new GroupAdmin(groupAdminDeps), calls);
  const groupReads = new GroupReads({ directory: groupDirectory, groupReads: store.groupReads, groupMessages: store.groupMessages, fanout, budget, log: groupLog }, config.group);
  mountReceipts(router, { chat, groups: groupService, reads: groupReads, log: messagingLog });
  // Edits, reactions and pins: stored in the conversation's sequence by its owner, like its messages.
  const eventDeps = { events: store.messageEvents, clock, calls, settings: config.messaging };
  const chatEvents = new ChatEvents({ ...eventDeps, messages: store.messages, contacts: contactStores.contacts, writer, delivery: chatDelivery, mids });
  const groupEvents = new GroupEvents({ ...eventDeps, directory: groupDirectory, writer: groupWriter, groupMessages: store.groupMessages, service: groupService });
  const presence = new PresenceAnnouncer({ contacts: contactStores.contacts, clock, log, connections: gateway, delivery });
  presence.mount(router, signins);

  const isOnline = (uid: number): boolean => delivery.isOnline(uid);
  const groupReader = new GroupReader({ directory: groupDirectory, groups: store.groups, groupMessages: store.groupMessages });
  const figures = (): NodeFigures => ({ online: gateway.registry.signedInUsers, maxOnline: gateway.peakConnections, messagesSent: chat.acceptedCount(), startedAt });
  const routes = new RouteTable({ log, verifyToken: (token) => accounts.verifyToken(token) });
  routes.add(
    ...authRoutes({ accounts, signins }),
    ...appRoutes(node.figures(figures), isAdmin),
    ...userRoutes({ directory: new UserDirectory({ users: store.users }), accounts, signins }),
    ...contactRoutes({ contacts: new ContactService({ store: contactStores, notifier: contactNotifier((uid, envelope) => delivery.push([uid], envelope)) }), isOnline }),
    ...messageRoutes({ chat, inbox: new InboxReader({ messages: store.messages, cursors: chatDelivery }), historyPageMax: config.messaging.historyPageMax, reactions: chatEvents }),
    ...groupRoutes({ admin: groupAdmin, reader: groupReader, isOnline }),
    ...groupReadRoutes({ reads: groupReads, clock, readersPerSecond: config.group.readersPerSecond }),
    ...sessionRoutes({ sessions: new SessionService({ store: contactStores, tickets: kit.tickets }), groupReads }),
    ...groupMessageRoutes({ reader: groupReader, reads: groupReads, historyPageMax: config.messaging.historyPageMax, reactions: chatEvents }),
    ...eventRoutes({ chat: chatEvents, groups: groupEvents, clock, ...config.messaging }),
    ...searchRoutes({ search: new MessageSearch(store.search), reader: groupReader, clock, ...config.search }),
    ...pushRoutes({ push: reach.push, vapidPublicKey: config.push.vapid.publicKey }),
  );
  const blobs = await pickFileStorage(config);
  const files = new FileService({ files: store.files, storage: blobs, signer: kit.links, clock, log: log.child({ area: 'files' }), metrics }, config.files);
  routes.add(...fileRoutes(files));

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
      const { isReady, details } = await readiness(store, node);
      return { isReady: isReady && !isClosing, details: { connections: gateway.connectionCount, ...details } };
    },
  });
  routes.mountHttp(http);
  await mountFileHttp(http, { files, verifyToken: (token) => accounts.verifyToken(token) });
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
    signinGate: gate,
    cluster: node.cluster,
    async start() {
      await node.start((reason) => runInBackground(log, 'fatal close', app.close(reason)));
      await reach.start();
      await http.listen({ port: config.server.port, host: config.server.host, backlog: LISTEN_BACKLOG });
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
        await presence.settled();
        await writer.flushed();
        await groupWriter.flushed();
        await groupService.flushed();
        await groupReads.flushed();
        await chatDelivery.close();
        await reach.close();
        await node.close();
        await blobs.close();
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

/** /health: the store answers and takes writes, and this node reaches the others. */
async function readiness(store: Store, node: NodeWiring): Promise<{ isReady: boolean; details: Record<string, unknown> }> {
  const isStoreUp = await storeIsUp(store);
  // A node that cannot write would ack nothing: out of the load balancer until writes work again.
  const writes = isStoreUp ? await store.checkWritable() : { isWritable: false, reason: 'the database is down' };
  const peers = node.health();
  const details = { store: isStoreUp ? 'up' : 'down', writes: writes.isWritable ? 'ok' : `failing: ${writes.reason}`, ...peers.details };
  return { isReady: isStoreUp && writes.isWritable && peers.isUp, details };
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
