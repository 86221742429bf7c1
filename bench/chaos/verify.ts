/**
 * The verdict of a chaos run, from what the clients saw (the ledger) and what the store holds:
 * every acked message stored exactly once under its acked mid, every stored message received by
 * everyone it was addressed to, inboxes and group sequences gapless. Pure, so it is unit-tested.
 */
import type { Kind, ReceivedMessage, SentMessage } from './ledger.js';
import type { StoreSnapshot } from './store-snapshot.js';

export interface KindFigures {
  /** Distinct messages the clients sent (a retry is the same message). */
  sent: number;
  acked: number;
  /** Acked in the end after at least one message.failed.send. */
  refusedThenAcked: number;
  /** message.failed.send frames, all messages together. */
  refusals: number;
  unacked: number;
  stored: number;
  /** Receivers × stored messages (group: every member but the sender). */
  expectedDeliveries: number;
  delivered: number;
  /** Of those, how many came by a sync or gap pull rather than the live push. */
  deliveredBySync: number;
  /** Acked but not stored under the acked mid, or stored without its inbox slots. */
  lost: number;
  /** Stored but never reported by a receiver's SDK. */
  undelivered: number;
  duplicatedInStore: number;
  /** Missing seqs below the highest: in users' inboxes (chat) or groups' sequences (group). */
  gaps: number;
}

export interface VerifyInput {
  sent: Iterable<SentMessage>;
  received: Record<Kind, ReadonlyMap<number, ReadonlyMap<number, ReceivedMessage>>>;
  store: StoreSnapshot;
  /** gid → member uids. */
  groups: ReadonlyMap<number, readonly number[]>;
}

export interface Verdict {
  chat: KindFigures;
  group: KindFigures;
  /** One line per problem, the first few of each kind. */
  problems: string[];
  problemCount: number;
}

const EXAMPLES_PER_KIND = 5;

class Problems {
  readonly lines: string[] = [];
  count = 0;
  private readonly perKind = new Map<string, number>();

  add(kind: string, text: string): void {
    this.count++;
    const seen = (this.perKind.get(kind) ?? 0) + 1;
    this.perKind.set(kind, seen);
    if (seen <= EXAMPLES_PER_KIND) this.lines.push(`${kind}: ${text}`);
  }
}

function emptyFigures(): KindFigures {
  return { sent: 0, acked: 0, refusedThenAcked: 0, refusals: 0, unacked: 0, stored: 0, expectedDeliveries: 0, delivered: 0, deliveredBySync: 0, lost: 0, undelivered: 0, duplicatedInStore: 0, gaps: 0 };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | number): Map<string | number, T[]> {
  const out = new Map<string | number, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Seqs missing below the highest one (seqs start at 1; each is unique by the store's key). */
function missingSeqs(seqs: readonly number[]): number {
  return seqs.length === 0 ? 0 : Math.max(...seqs) - new Set(seqs).size;
}

/**
 * Ack and store checks common to both kinds: `stored` finds the rows of a sent message, `atAckedSeq` the
 * mid stored at the seq its ack named (the sender's inbox seq, or the group seq).
 */
function checkSent(sent: readonly SentMessage[], figures: KindFigures, problems: Problems, stored: (message: SentMessage) => { mid: number }[], atAckedSeq: (message: SentMessage) => number | undefined): void {
  for (const message of sent) {
    figures.sent++;
    figures.refusals += message.refusedAt.length;
    if (message.ackedAt === undefined || message.mid === undefined) {
      figures.unacked++;
      problems.add(`${message.kind} never acked`, `${message.key} from ${message.from} to ${message.to}${message.failure ? ` (${message.failure})` : ''}`);
      continue;
    }
    figures.acked++;
    if (message.refusedAt.length > 0) figures.refusedThenAcked++;
    const rows = stored(message);
    if (!rows.some((row) => row.mid === message.mid)) {
      figures.lost++;
      problems.add(`${message.kind} acked but not stored`, `${message.key} acked as mid ${message.mid}; stored as ${rows.map((r) => r.mid).join(',') || 'nothing'}`);
    } else if (atAckedSeq(message) !== message.mid) {
      problems.add(`${message.kind} acked with a wrong seq`, `${message.key} (mid ${message.mid}) acked at seq ${message.seq}, which holds mid ${atAckedSeq(message) ?? 'nothing'}`);
    }
  }
}

/** Rows sharing one content are one message stored twice (every message the harness sends has its own content). */
function countDuplicates(rows: readonly { content: string; mid: number }[], kind: Kind, figures: KindFigures, problems: Problems): void {
  for (const [content, same] of groupBy(rows, (row) => row.content)) {
    if (same.length < 2) continue;
    figures.duplicatedInStore += same.length - 1;
    problems.add(`${kind} duplicated in store`, `"${content}" as mids ${same.map((r) => r.mid).join(',')}`);
  }
}

function checkDelivery(kind: Kind, mid: number, content: string, receiver: number, input: VerifyInput, figures: KindFigures, problems: Problems): void {
  figures.expectedDeliveries++;
  const got = input.received[kind].get(receiver)?.get(mid);
  if (!got) {
    figures.undelivered++;
    problems.add(`${kind} not delivered`, `mid ${mid} ("${content}") never reached ${receiver}`);
    return;
  }
  figures.delivered++;
  if (got.bySync) figures.deliveredBySync++;
  if (got.content !== content) problems.add(`${kind} delivered altered`, `mid ${mid} reached ${receiver} as "${got.content}", stored "${content}"`);
}

/** Mids a client reported that the store does not have: shown to a user, never durable. */
function checkPhantoms(kind: Kind, storedMids: ReadonlySet<number>, input: VerifyInput, problems: Problems): void {
  for (const [uid, messages] of input.received[kind]) {
    for (const mid of messages.keys()) if (!storedMids.has(mid)) problems.add(`${kind} delivered but not stored`, `mid ${mid} at ${uid}`);
  }
}

function verifyChats(sent: readonly SentMessage[], input: VerifyInput, problems: Problems): KindFigures {
  const figures = emptyFigures();
  const { chats, inbox } = input.store;
  figures.stored = chats.length;
  const byKey = groupBy(chats, (row) => `${row.sender}:${row.cliMid}`);
  const inboxAt = new Map(inbox.map((row) => [`${row.uid}:${row.seq}`, row.mid]));
  checkSent(
    sent,
    figures,
    problems,
    (message) => byKey.get(`${message.from}:${message.key}`) ?? [],
    (message) => inboxAt.get(`${message.from}:${message.seq}`),
  );
  countDuplicates(chats, 'chat', figures, problems);

  const slots = groupBy(inbox, (row) => `${row.uid}:${row.mid}`);
  for (const row of chats) {
    // Both inboxes must hold it exactly once, or a sync would miss or repeat it.
    for (const uid of new Set([row.sender, row.receiver])) {
      const count = slots.get(`${uid}:${row.mid}`)?.length ?? 0;
      if (count === 0) {
        figures.lost++;
        problems.add('chat missing from an inbox', `mid ${row.mid} not in the inbox of ${uid}`);
      } else if (count > 1) {
        figures.duplicatedInStore += count - 1;
        problems.add('chat twice in an inbox', `mid ${row.mid} ${count} times in the inbox of ${uid}`);
      }
    }
    if (row.receiver !== row.sender) checkDelivery('chat', row.mid, row.content, row.receiver, input, figures, problems);
  }

  const storedMids = new Set(chats.map((row) => row.mid));
  for (const [uid, rows] of groupBy(inbox, (row) => row.uid)) {
    const missing = missingSeqs(rows.map((row) => row.seq));
    figures.gaps += missing;
    if (missing > 0) problems.add('inbox gap', `${missing} seq(s) missing in the inbox of ${uid} (highest ${Math.max(...rows.map((r) => r.seq))})`);
    for (const row of rows) if (!storedMids.has(row.mid)) problems.add('inbox slot without a message', `uid ${uid} seq ${row.seq} mid ${row.mid}`);
  }
  checkPhantoms('chat', storedMids, input, problems);
  return figures;
}

function verifyGroups(sent: readonly SentMessage[], input: VerifyInput, problems: Problems): KindFigures {
  const figures = emptyFigures();
  const rows = input.store.posts;
  // Sender 0 marks a membership notice: part of the sequence, not a post.
  const posts = rows.filter((row) => row.sender !== 0);
  figures.stored = posts.length;
  const byKey = groupBy(posts, (row) => `${row.gid}:${row.sender}:${row.cliMid ?? ''}`);
  const sequenceAt = new Map(rows.map((row) => [`${row.gid}:${row.seq}`, row.mid]));
  checkSent(
    sent,
    figures,
    problems,
    (message) => byKey.get(`${message.to}:${message.from}:${message.key}`) ?? [],
    (message) => sequenceAt.get(`${message.to}:${message.seq}`),
  );
  countDuplicates(posts, 'group', figures, problems);

  for (const [gid, sequence] of groupBy(rows, (row) => row.gid)) {
    const missing = missingSeqs(sequence.map((row) => row.seq));
    figures.gaps += missing;
    if (missing > 0) problems.add('group gap', `${missing} seq(s) missing in group ${gid}`);
  }
  for (const post of posts) {
    const members = input.groups.get(post.gid);
    if (!members) {
      problems.add('post in an unknown group', `mid ${post.mid} in group ${post.gid}`);
      continue;
    }
    for (const member of members) if (member !== post.sender) checkDelivery('group', post.mid, post.content, member, input, figures, problems);
  }
  checkPhantoms('group', new Set(posts.map((row) => row.mid)), input, problems);
  return figures;
}

export function verify(input: VerifyInput): Verdict {
  const problems = new Problems();
  const sent = [...input.sent];
  const chat = verifyChats(
    sent.filter((m) => m.kind === 'chat'),
    input,
    problems,
  );
  const group = verifyGroups(
    sent.filter((m) => m.kind === 'group'),
    input,
    problems,
  );
  return { chat, group, problems: problems.lines, problemCount: problems.count };
}
