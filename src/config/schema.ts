import { Type, type Static } from 'typebox';

const Port = Type.Integer({ minimum: 0, maximum: 65535 });
const PositiveInt = Type.Integer({ minimum: 1 });

/**
 * The whole configuration. Each area receives only its section.
 * Keys map to env as GLIDE_<SECTION>_<KEY> (upper snake case) and to a few CLI flags (see main.ts).
 */
export const ConfigSchema = Type.Object({
  server: Type.Object({
    host: Type.String({ minLength: 1 }),
    /** HTTP API, /ws and the web page share this port. 0 picks a free one. */
    port: Port,
    /** Raw TCP gateway port. 0 picks a free one; -1 disables TCP. */
    tcpPort: Type.Integer({ minimum: -1, maximum: 65535 }),
    /** Public WebSocket URL given to G1 clients in `Servers`; derived from host and port when empty. */
    publicWsUrl: Type.String(),
    /** Directory for the embedded database and generated secrets. */
    dataDir: Type.String({ minLength: 1 }),
    /** Grace period for clients to leave on shutdown before sockets are destroyed. */
    shutdownGraceMs: Type.Integer({ minimum: 0 }),
    /** Largest HTTP request body in bytes (long-connection frames have gateway.maxFrameBytes). */
    maxBodyBytes: PositiveInt,
    /** An HTTP request (a WebSocket upgrade included) must send all its headers within this time. */
    headersTimeoutMs: PositiveInt,
    /** An HTTP request must arrive whole, body included, within this time. */
    requestTimeoutMs: PositiveInt,
    /** Addresses and CIDR ranges that may read /metrics and app/info's figures (operators, scrapers). */
    adminAddresses: Type.Array(Type.String()),
    /** PEM files; both set: HTTPS/WSS on `port` and TLS on `tcpPort`. Both empty: plain. */
    tls: Type.Object({
      certFile: Type.String(),
      keyFile: Type.String(),
    }),
  }),
  log: Type.Object({
    level: Type.Union([Type.Literal('trace'), Type.Literal('debug'), Type.Literal('info'), Type.Literal('warn'), Type.Literal('error'), Type.Literal('fatal'), Type.Literal('silent')]),
    /** 'auto' pretty-prints when stdout is a terminal. */
    format: Type.Union([Type.Literal('auto'), Type.Literal('pretty'), Type.Literal('json')]),
  }),
  gateway: Type.Object({
    /** Largest inbound frame (WS message or TCP frame) in bytes. */
    maxFrameBytes: PositiveInt,
    /** Bytes a connection may have queued for sending before it is disconnected as too slow. */
    maxQueueBytes: PositiveInt,
    /** Silence after which the server sends `heartbeat`. */
    heartbeatIntervalMs: PositiveInt,
    /** Silent intervals after which the connection is closed. */
    heartbeatMaxMissed: PositiveInt,
    /** A TCP socket must send its preface (after the TLS handshake, if any) within this time. */
    prefaceTimeoutMs: PositiveInt,
    /** A connection that has not signed in within this time is closed (AUTH_TIMEOUT). */
    authTimeoutMs: PositiveInt,
    /** Open sockets (WebSocket and TCP, signed in or not) this node accepts; beyond it new ones are refused. */
    maxConnections: PositiveInt,
    /** Open sockets per client address (IPv6 per /64); auth.trustedAddresses are exempt. */
    maxConnectionsPerIp: PositiveInt,
    /** New sockets per second per client address, with a burst of the same size; trusted addresses are exempt. */
    connectionsPerIpPerSecond: PositiveInt,
    /**
     * New sockets per second on this node from every address, trusted ones included, with a burst of the
     * same size: the clients of a dead node come back spread over time (they back off on 503).
     */
    acceptsPerSecond: PositiveInt,
  }),
  store: Type.Object({
    /** `sqlite:<file>`, `postgres://…` or `mysql://…`; empty means SQLite at <dataDir>/glide.db. */
    url: Type.String(),
    /**
     * SQLite `synchronous`: full syncs every commit before its acks (survives power loss); normal and
     * off survive a process kill only (README: Database).
     */
    sqliteSync: Type.Union([Type.Literal('full'), Type.Literal('normal'), Type.Literal('off')]),
    /** After a write fails for lack of space, a read-only database or an I/O error, /api/health answers 503 at least this long. */
    writeFaultHoldMs: PositiveInt,
  }),
  auth: Type.Object({
    /** HS256 secret for tokens; generated and saved under dataDir on first start when empty. */
    secret: Type.String(),
    tokenTtlSec: PositiveInt,
    credentialTtlSec: PositiveInt,
    ticketTtlSec: PositiveInt,
    /** device: one connection per (uid, device); platform: one per platform class; none: no kicking. */
    devicePolicy: Type.Union([Type.Literal('device'), Type.Literal('platform'), Type.Literal('none')]),
    /** Failed sign-ins allowed per (account, address) and per address within the window. */
    signinMaxFailures: PositiveInt,
    /** Failed sign-ins of one account from all addresses; beyond it only addresses that signed in to it before may try. */
    signinAccountMaxFailures: PositiveInt,
    signinWindowSec: PositiveInt,
    /** New accounts per client address per hour (auth/register); trusted addresses are exempt. */
    registrationsPerIpPerHour: PositiveInt,
    /** Guest accounts per client address per hour (auth/guest); trusted addresses are exempt. */
    guestsPerIpPerHour: PositiveInt,
    /** Password hashes (argon2) computed at once; the rest wait, sign-ins first. */
    hashConcurrency: PositiveInt,
    /** Waiting hashes per kind (sign-ins; registrations and password changes); beyond it AUTH_BUSY. */
    hashQueueMax: PositiveInt,
    /** Long-connection sign-ins whose work (credential check, offline sync, group sync, presence) runs at once per node. */
    signinConcurrency: PositiveInt,
    /** Sign-ins waiting for one of those slots; beyond it AUTH_SIGNIN_BUSY with a retry hint. */
    signinQueueMax: PositiveInt,
    /**
     * Once the oldest waiting sign-in has waited this long, new sign-ins and new connections are refused,
     * told to come back after about as long (keep it below gateway.authTimeoutMs: a longer wait ends in that timeout).
     */
    signinMaxWaitMs: PositiveInt,
    /** Addresses and CIDR ranges exempt from per-IP limits: sign-in throttle, connection count and rate (proxies, load generators). */
    trustedAddresses: Type.Array(Type.String()),
  }),
  messaging: Type.Object({
    /** Largest `content` of any action that carries one (chat, group, recall, message.cli). */
    maxContentBytes: PositiveInt,
    /** Per connection, every client action but heartbeats, sign-ins and acks; burst of one second. */
    maxMessagesPerSecond: PositiveInt,
    /** Per connection, inbound frame bytes of every action. */
    maxBytesPerSecond: PositiveInt,
    /** Per connection, `ack.request` and `ack.group.msg`. */
    maxAcksPerSecond: PositiveInt,
    /** Per connection, member deliveries caused by group actions (a post to N members costs N). */
    maxFanoutPerSecond: PositiveInt,
    /** 0 disables recall. */
    recallWindowSec: Type.Integer({ minimum: 0 }),
    /** How long after sending the sender may edit a text message; 0 disables editing. */
    editWindowSec: Type.Integer({ minimum: 0 }),
    /** Distinct reaction keys one message may carry. */
    maxReactionKeysPerMessage: PositiveInt,
    /** Reaction keys one user may have on one message. */
    maxReactionsPerUser: PositiveInt,
    /** Pinned messages per conversation or group. */
    maxPinsPerConversation: PositiveInt,
    /** Per user, edits, reactions and pins together (HTTP and long connection); burst of one second. */
    maxEventsPerSecond: PositiveInt,
    /** Messages pushed to a device at sign-in before the client must sync. */
    offlinePushLimit: PositiveInt,
    historyPageMax: PositiveInt,
    /** A G2 sender gets the custody ack.notify (receiver offline) this long after its ack.message; 0 sends it at once. */
    custodyNoticeDelayMs: Type.Integer({ minimum: 0, maximum: 60_000 }),
  }),
  search: Type.Object({
    /** Per user, `msg/search` calls (HTTP and long connection together); burst of one second. */
    maxPerSecond: PositiveInt,
    /** Most results per page. */
    pageMax: PositiveInt,
  }),
  cluster: Type.Object({
    /**
     * The NATS server, or the servers of a NATS cluster: one URL, a comma-separated string of them, or
     * (in a file) a list. A node connects to any and fails over to the others. Empty runs a single instance (the default).
     */
    nats: Type.Union([Type.String(), Type.Array(Type.String())]),
    /** This node's id, 0..127 (it goes into every mid); -1 leases a free one from NATS. */
    nodeId: Type.Integer({ minimum: -1, maximum: 127 }),
    /** Subject and bucket prefix: clusters sharing a NATS server must differ here. */
    prefix: Type.String({ pattern: '^[A-Za-z0-9_-]+$' }),
    /** How long a call to a key's owner node may take before it is retried or refused. */
    requestTimeoutMs: PositiveInt,
    heartbeatIntervalMs: PositiveInt,
    /** A node missing heartbeats this long is out: its keys move, its presence is removed. */
    leaseMs: PositiveInt,
    /** Copies JetStream keeps of the presence and node id buckets; 0 picks min(3, servers in the NATS cluster). */
    kvReplicas: Type.Integer({ minimum: 0, maximum: 5 }),
    /**
     * Least time between two sends of this node's batched bus frames (0: every event-loop turn). A node that keeps
     * up sends each frame in its own NATS message otherwise; each hop may wait this much longer.
     */
    busGatherMs: Type.Integer({ minimum: 0, maximum: 50 }),
    /**
     * Least time between the starts of two 1:1 commits of a node on the shared store. Each conversation owner commits
     * only its share of the traffic, so at one node's 20 ms a 3-node cluster would commit 3 times as often, and a
     * commit costs PostgreSQL a WAL flush; an ack may wait this much longer (issue 17, docs/cluster.md).
     */
    chatGatherMs: Type.Integer({ minimum: 0, maximum: 500 }),
  }),
  group: Type.Object({
    maxMembers: PositiveInt,
    /** Missed messages pushed per group at sign-in; beyond it the client pulls with msg/group/range. */
    offlinePushLimit: PositiveInt,
    /** Whether a new member may read messages from before it joined (per group, set at creation). */
    isHistoryVisibleToNewMembers: Type.Boolean(),
    /** Members one post may mention by uid (`mentions`). */
    maxMentions: Type.Integer({ minimum: 0, maximum: 1_000 }),
    /** Whether only the owner and managers may mention `@all` (false: any member). */
    isMentionAllManagersOnly: Type.Boolean(),
    /** Groups up to this many members keep read receipts: `msg/group/readers` and read counts on history. 0 disables both. */
    readReceiptsMaxMembers: Type.Integer({ minimum: 0, maximum: 100_000 }),
    /** Per user, `msg/group/readers` calls (HTTP and long connection together). */
    readersPerSecond: PositiveInt,
  }),
  files: Type.Object({
    /** Where uploaded bytes live: `disk` (under `dir`) or an S3-compatible bucket (`s3`). */
    storage: Type.Union([Type.Literal('disk'), Type.Literal('s3')]),
    /** Disk storage directory; empty means <dataDir>/files. */
    dir: Type.String(),
    s3: Type.Object({
      /** Empty for AWS; else the S3-compatible server's URL (MinIO, R2, Ceph…). */
      endpoint: Type.String(),
      region: Type.String({ minLength: 1 }),
      bucket: Type.String(),
      accessKeyId: Type.String(),
      secretAccessKey: Type.String(),
      forcePathStyle: Type.Boolean(),
    }),
    /** Largest upload in bytes. */
    maxFileBytes: PositiveInt,
    /** Bytes one user may have uploaded in all (every upload counts, even of bytes already stored). */
    quotaBytesPerUser: PositiveInt,
    uploadsPerMinute: PositiveInt,
    /** Uploads this node holds in memory at once (each up to maxFileBytes); beyond it FILE_BUSY. */
    maxConcurrentUploads: PositiveInt,
    /** How long a signed download link works. */
    urlTtlSec: PositiveInt,
    /** Thumbnails fit in a square of this many pixels. */
    thumbnailPx: Type.Integer({ minimum: 16, maximum: 2048 }),
  }),
  /** The durable queue behind push notifications and webhook events. */
  outbox: Type.Object({
    /** How often each node looks for due items (and refreshes the queue metrics). */
    pollIntervalMs: PositiveInt,
    /** Items taken per look. */
    batchSize: PositiveInt,
    /** Tries before an item is given up (logged with its last error). */
    maxAttempts: PositiveInt,
    /** Backoff: the first retry after this, doubling up to retryMaxMs. */
    retryBaseMs: PositiveInt,
    retryMaxMs: PositiveInt,
    /** Per outgoing HTTP request. */
    requestTimeoutMs: PositiveInt,
    /** A claimed item comes back to the queue after this if its node died mid-call. */
    leaseMs: PositiveInt,
    /** Finished items (their dedup keys) are kept this long. */
    retentionHours: PositiveInt,
    /** Extra CA certificate (PEM file) trusted for outgoing HTTPS: a private push gateway or webhook. */
    caFile: Type.String(),
  }),
  push: Type.Object({
    /** A message not confirmed by any device of its receiver within this long is notified. */
    graceMs: Type.Integer({ minimum: 0, maximum: 600_000 }),
    /** What of the message a notification carries: full text, the sender only, or nothing. */
    preview: Type.Union([Type.Literal('full'), Type.Literal('sender'), Type.Literal('none')]),
    maxEndpointsPerUser: PositiveInt,
    /** push/test calls per user per minute. */
    maxTestsPerMinute: PositiveInt,
    /** Web Push (VAPID); empty keys disable the provider. `glide push vapid-keys`-style keys from web-push. */
    vapid: Type.Object({ publicKey: Type.String(), privateKey: Type.String(), subject: Type.String() }),
    /** Webhook push: notifications POSTed, signed, to this URL (empty disables); devices register a token. */
    webhook: Type.Object({ url: Type.String(), secret: Type.String() }),
    /** FCM HTTP v1: a service-account JSON file (empty disables); apiUrl is overridable for tests. */
    fcm: Type.Object({ serviceAccountFile: Type.String(), apiUrl: Type.String() }),
  }),
  webhooks: Type.Object({
    /** Endpoints that get every event (signed); empty sends none. */
    urls: Type.Array(Type.String()),
    /** HMAC-SHA256 key of the X-Glide-Signature header (required when urls or beforeMessageUrl is set). */
    secret: Type.String(),
    /** Event types sent; empty means all. */
    events: Type.Array(Type.String()),
    /** Called before each message is stored; it may refuse it. Empty disables. */
    beforeMessageUrl: Type.String(),
    beforeMessageTimeoutMs: PositiveInt,
    /** What a timeout or an error of the before-message hook means: accept the message (open) or refuse it (closed). */
    beforeMessageOnFailure: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  }),
});

export type Config = Static<typeof ConfigSchema>;

/** `cluster.nats` as a list of server URLs: empty when no cluster is configured. */
export function natsServers(nats: string | readonly string[]): string[] {
  const list = typeof nats === 'string' ? nats.split(',') : nats;
  return list.map((url) => url.trim()).filter((url) => url !== '');
}

export const DEFAULTS: Config = {
  server: {
    host: '0.0.0.0',
    port: 8080,
    tcpPort: 8090,
    publicWsUrl: '',
    dataDir: './data',
    shutdownGraceMs: 2_000,
    maxBodyBytes: 64 * 1024,
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    adminAddresses: ['127.0.0.0/8', '::1'],
    tls: { certFile: '', keyFile: '' },
  },
  log: { level: 'info', format: 'auto' },
  gateway: {
    maxFrameBytes: 64 * 1024,
    maxQueueBytes: 4 * 1024 * 1024,
    heartbeatIntervalMs: 30_000,
    heartbeatMaxMissed: 3,
    prefaceTimeoutMs: 10_000,
    authTimeoutMs: 30_000,
    maxConnections: 100_000,
    maxConnectionsPerIp: 1_000,
    connectionsPerIpPerSecond: 100,
    acceptsPerSecond: 2_000,
  },
  store: { url: '', sqliteSync: 'full', writeFaultHoldMs: 10_000 },
  auth: {
    secret: '',
    tokenTtlSec: 7 * 24 * 3600,
    credentialTtlSec: 300,
    ticketTtlSec: 24 * 3600,
    devicePolicy: 'device',
    signinMaxFailures: 10,
    signinAccountMaxFailures: 100,
    signinWindowSec: 300,
    registrationsPerIpPerHour: 20,
    guestsPerIpPerHour: 30,
    hashConcurrency: 2,
    hashQueueMax: 32,
    signinConcurrency: 256,
    signinQueueMax: 8_192,
    signinMaxWaitMs: 10_000,
    // All of loopback: load generators spread over 127.0.0.2, 127.0.0.3, … (IPv4-mapped forms match too).
    trustedAddresses: ['127.0.0.0/8', '::1'],
  },
  messaging: {
    maxContentBytes: 16 * 1024,
    maxMessagesPerSecond: 200,
    maxBytesPerSecond: 1024 * 1024,
    maxAcksPerSecond: 2_000,
    maxFanoutPerSecond: 20_000,
    recallWindowSec: 120,
    editWindowSec: 15 * 60,
    maxReactionKeysPerMessage: 20,
    maxReactionsPerUser: 3,
    maxPinsPerConversation: 50,
    maxEventsPerSecond: 20,
    offlinePushLimit: 500,
    historyPageMax: 100,
    // The web client v2 starts listening for ack.notify ~0.8 s after ack.message.
    custodyNoticeDelayMs: 1_000,
  },
  search: { maxPerSecond: 5, pageMax: 50 },
  cluster: { nats: '', nodeId: -1, prefix: 'glide', requestTimeoutMs: 3_000, heartbeatIntervalMs: 1_000, leaseMs: 4_000, kvReplicas: 0, busGatherMs: 4, chatGatherMs: 60 },
  group: { maxMembers: 10_000, offlinePushLimit: 100, isHistoryVisibleToNewMembers: false, maxMentions: 50, isMentionAllManagersOnly: true, readReceiptsMaxMembers: 500, readersPerSecond: 10 },
  files: {
    storage: 'disk',
    dir: '',
    s3: { endpoint: '', region: 'us-east-1', bucket: '', accessKeyId: '', secretAccessKey: '', forcePathStyle: true },
    maxFileBytes: 20 * 1024 * 1024,
    quotaBytesPerUser: 1024 * 1024 * 1024,
    uploadsPerMinute: 30,
    maxConcurrentUploads: 8,
    urlTtlSec: 3_600,
    thumbnailPx: 320,
  },
  outbox: { pollIntervalMs: 500, batchSize: 100, maxAttempts: 12, retryBaseMs: 1_000, retryMaxMs: 300_000, requestTimeoutMs: 5_000, leaseMs: 30_000, retentionHours: 24, caFile: '' },
  push: {
    graceMs: 3_000,
    preview: 'sender',
    maxEndpointsPerUser: 10,
    maxTestsPerMinute: 6,
    vapid: { publicKey: '', privateKey: '', subject: 'mailto:admin@localhost' },
    webhook: { url: '', secret: '' },
    fcm: { serviceAccountFile: '', apiUrl: 'https://fcm.googleapis.com' },
  },
  webhooks: { urls: [], secret: '', events: [], beforeMessageUrl: '', beforeMessageTimeoutMs: 1_000, beforeMessageOnFailure: 'open' },
};
