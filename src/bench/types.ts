/** Shapes shared by the bench coordinator and its worker processes (sent over IPC). */
import type { CodecName } from '../client/index.js';
import type { SerializedHistogram } from './histogram.js';
import type { ReconnectSplitResult } from './reconnect-split.js';

/** Glide (full contract) or the reference relay (no auth, storage or acks: delivery only). */
export type BenchTarget = 'glide' | 'relay';

export interface BenchUser {
  uid: number;
  /** Sign-in token; empty for the relay. */
  token: string;
  /** The relay's group of this user in a group run (Glide's groups are made through its API). */
  relayGid?: number;
}

/** A user as a worker drives it: which of the plan's servers its connection goes to. */
export interface PlannedUser extends BenchUser {
  /** Index into WorkerPlan.wsUrls. */
  node: number;
}

/** What one worker drives: its users come in pairs (2k talks to 2k+1), so a pair's clock is shared. */
export interface WorkerPlan {
  workerIndex: number;
  /** ws://127.0.0.1:<port>/ws of every node (one without a cluster). */
  wsUrls: string[];
  target: BenchTarget;
  codec: CodecName;
  users: PlannedUser[];
  /** Loopback source addresses to spread connections over (127.0.0.2, …). */
  sourceAddresses: string[];
  /** New connections per second for this worker. */
  connectRate: number;
  /** Connections opening at once, at most. */
  connectConcurrency: number;
  /** Upgrades one worker has under way at once, connect phase and reconnects alike (see Connector.upgrade). */
  upgradeConcurrency: number;
  /** How often each idle connection sends `heartbeat`. */
  heartbeatMs: number;
  /** Unique per run: cliMids carry it, so messages from earlier runs are told apart. */
  runTag: string;
}

/** One chat run at one rate; `--max` runs several on the same connections. */
export interface ChatStep {
  index: number;
  /** Messages per second per user. */
  ratePerUser: number;
  durationMs: number;
  /** After sending stops, how long to wait for outstanding acks and deliveries. */
  drainMs: number;
  contentBytes: number;
  /** Upper bound on messages per user in this step (bounded memory). */
  maxMessagesPerUser: number;
  /** reconnect: at `atMs`, drop this fraction of the clients at once and sign them in again. */
  drop?: { atMs: number; fraction: number };
  /** Only every n-th pair sends (a trickle over many held connections); absent: every pair. */
  senderEvery?: number;
  /** Reopen (with backoff) the connections that are not open when the step starts. */
  isReopening?: boolean;
}

export interface ChatCounters {
  sent: number;
  acked: number;
  delivered: number;
  receipts: number;
  /** message.failed.send, notify.error/forbidden/auth for a chat frame. */
  failed: number;
  /** Connection errors and unexpected closes. */
  errors: number;
}

export interface ChatStepResult extends ChatCounters {
  /** Acked (or, for the relay, sent) but never delivered by the end of the drain. */
  lost: number;
  /** Sent but never acked (Glide only). */
  unacked: number;
  /** Delivered again on the same connection, or under a second mid. */
  duplicated: number;
  /** Delivered after a later message of the same sender. */
  outOfOrder: number;
  /** Delivered again after a reconnect (expected: the device had not acked it yet); dropped by the client. */
  redelivered: number;
  /** Messages from earlier runs pushed at sign-in; acked and ignored. */
  stale: number;
  /** ack.notify for a mid the sender has no ack.message for (or a second one): a receipt a client drops. */
  strayReceipts: number;
  /** Sends that started late against the schedule by more than 10 ms: a busy client. */
  lateSends: number;
  /** Messages the schedule still owed when the step's time was up (then sent at once): a client that fell behind. */
  owedAtEnd: number;
  elapsedMs: number;
  /** False when the drain timed out: lost and unacked then include messages still in flight. */
  isDrained: boolean;
  /** This worker's event-loop delay over the step (beyond the sampler's timer): a client stall delays what it measures. */
  loopDelayMs: { p99: number; max: number };
  ack: SerializedHistogram;
  delivery: SerializedHistogram;
  receipt: SerializedHistogram;
  /** reconnect: drop → signed in again, and drop → everything the peer had acked delivered. */
  reconnect: SerializedHistogram;
  /** Of the reconnect attempts that succeeded: attempt → upgraded, and upgraded → signed in. */
  reconnectUpgrade: SerializedHistogram;
  reconnectSignin: SerializedHistogram;
  /** Loss noticed → signed in again, split: asleep, waiting for the worker's upgrade turn, in failed attempts. */
  reconnectSplit: ReconnectSplitResult;
  resync: SerializedHistogram;
  dropped: number;
  resynced: number;
  /** Connections lost without the bench asking (a node died): each is reopened with jittered backoff. */
  lostConnections: number;
  /** Those losses by reason (close code or error). */
  lostReasons: Record<string, number>;
  /** Reconnect attempts that failed, by error (digits left out). */
  failedAttempts: Record<string, number>;
  /** Of `lost`: messages whose receiver was not signed in when the step ended (stored, waiting for its sync). */
  lostToOffline: number;
  /** Of `lost` to receivers signed in at the end: whose connection was never lost, and who were back only in the step's last 10 s. */
  lostToBack: { neverLost: number; late: number };
  /** Delivered messages whose inbox seq is below that of an earlier send of the same sender (out of order in the store, not only in arrival). */
  storedOutOfOrder: number;
  /** Epoch ms of the last reconnect of this worker (0: none), and connections signed in at the end. */
  lastReconnectAt: number;
  online: number;
  cpuMicros: number;
}

export interface ConnectResult {
  opened: number;
  failed: number;
  elapsedMs: number;
  /** connect → signed in. */
  signin: SerializedHistogram;
  cpuMicros: number;
  firstError?: string;
}

export interface HoldResult {
  alive: number;
  closed: number;
  /** Signed in, then closed before the hold began. */
  lostBefore: number;
  /** Closes before and during the hold by reason (close code or error). */
  lostReasons: Record<string, number>;
  heartbeats: number;
  cpuMicros: number;
}

/** A user's place in the group workload (sent with the step: groups are made after the workers start). */
export interface GroupMembership {
  gid: number;
  /** Index of the group in this run, 0…G-1. */
  group: number;
  /** The owner sends; the other members receive. */
  isSender: boolean;
}

export interface GroupStep {
  index: number;
  ratePerSender: number;
  durationMs: number;
  drainMs: number;
  contentBytes: number;
  groups: number;
  /** Messages each sender sends: the same for all, so every member knows what it should get. */
  messagesPerSender: number;
  /** One entry per user of this worker, in plan order. */
  memberships: GroupMembership[];
}

export interface GroupStepResult {
  sent: number;
  acked: number;
  /** Member deliveries (each message counts once per receiving member). */
  delivered: number;
  duplicated: number;
  /** A member got message n+k before n. */
  outOfOrder: number;
  failed: number;
  errors: number;
  elapsedMs: number;
  ack: SerializedHistogram;
  /** send → each member, measured against the sender's wall clock carried in the content. */
  delivery: SerializedHistogram;
  /** Per message seen here: [group, n, members reached in this worker, latest arrival (epoch ms, fractional)]. */
  reach: [number, number, number, number][];
  /** Per message sent here: [group, n, send time (epoch ms, fractional), acked 0/1]. */
  sends: [number, number, number, number][];
  cpuMicros: number;
}

export type CoordinatorMessage =
  | { type: 'plan'; plan: WorkerPlan }
  | { type: 'connect' }
  | { type: 'chat'; step: ChatStep }
  | { type: 'group'; step: GroupStep }
  | { type: 'hold'; durationMs: number }
  | { type: 'close' };

export type WorkerMessage =
  | { type: 'connected'; result: ConnectResult }
  | { type: 'progress'; counters: ChatCounters; window: SerializedHistogram; connections: number }
  | { type: 'chatDone'; result: ChatStepResult }
  | { type: 'groupDone'; result: GroupStepResult }
  | { type: 'held'; result: HoldResult }
  | { type: 'failed'; error: string };
