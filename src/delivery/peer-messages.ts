import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import type { OutboundEnvelope } from '../protocol/index.js';
import type { ChatMessage } from '../store/index.js';

/*
 * Every message one node sends another over the peer relay: one discriminated union keyed by `type`
 * (like socket.io's ClusterMessage), checked once where it enters (`readPeerMessage`). Bodies are JSON.
 */

const Id = Type.Integer({ minimum: 0 });
const Ids = Type.Array(Id);

const ChatMessageSchema = Type.Unsafe<ChatMessage>(
  Type.Object({
    mid: Id,
    sender: Id,
    receiver: Id,
    cliMid: Type.String(),
    cliSeq: Type.Number(),
    type: Type.Integer(),
    content: Type.String(),
    sendAt: Type.Number(),
    createdAt: Type.Number(),
    status: Type.Integer(),
    recallBy: Id,
  }),
);
const EnvelopeSchema = Type.Unsafe<OutboundEnvelope>(Type.Object({ action: Type.String() }));

/** What `Delivery` carries to a user's devices; each kind has one local handler per node. */
const DeliverableSchema = Type.Union([
  /**
   * A new (or retried) 1:1 message for the receiver's and the sender's devices, each at its own inbox seq.
   * `receiptAt`: the node that keeps its receipt state instead of the owner (the one holding the receiver).
   */
  Type.Object({ kind: Type.Literal('chat'), message: ChatMessageSchema, senderSeq: Id, receiverSeq: Id, receiptAt: Type.Optional(Id) }),
  /** A 1:1 message again, for the receiver's devices that have not acked it (message.chat.resend). */
  Type.Object({ kind: Type.Literal('chat.redeliver'), message: ChatMessageSchema, receiverSeq: Id }),
  /** A group message or notice (seq 0: outside the group's sequence). */
  Type.Object({ kind: Type.Literal('group'), envelope: EnvelopeSchema, gid: Id, seq: Id }),
  /** Any envelope, as it is; held `g2DelayMs` before it goes to a G2 connection (the custody receipt). */
  Type.Object({ kind: Type.Literal('push'), envelope: EnvelopeSchema, g2DelayMs: Type.Optional(Id) }),
  /** `uid` signed in on `device`: the device policy runs on every node holding the user. */
  Type.Object({ kind: Type.Literal('signed-in'), uid: Id, device: Type.Integer() }),
  /** (uid, device)'s tokens were revoked: its connections close everywhere. */
  Type.Object({ kind: Type.Literal('signed-out'), uid: Id, device: Type.Integer() }),
]);

const PeerMessageSchema = Type.Union([
  /** A deliverable for `uids`' connections on the receiving node (except one, the sender's). */
  Type.Object({ type: Type.Literal('deliver'), uids: Ids, item: DeliverableSchema, exceptConnId: Type.Optional(Id) }),
  /** A device of `uid` has 1:1 message `mid`; sent to the node that keeps the message's receipt state. */
  Type.Object({ type: Type.Literal('chat.receipt'), mid: Id, uid: Id }),
  /** Mids handed out by `msg/id` to `uid`, or used by it. */
  Type.Object({ type: Type.Literal('mids.issued'), uid: Id, mids: Ids }),
  Type.Object({ type: Type.Literal('mids.used'), uid: Id, mids: Ids }),
  /** `owner`'s blacklist changed: drop the cached copy. */
  Type.Object({ type: Type.Literal('blocklist.changed'), owner: Id }),
]);

export type Deliverable = Static<typeof DeliverableSchema>;
export type DeliverableKind = Deliverable['kind'];
export type DeliverableOf<K extends DeliverableKind> = Extract<Deliverable, { kind: K }>;

export type PeerMessage = Static<typeof PeerMessageSchema>;
export type PeerMessageType = PeerMessage['type'];
export type PeerMessageOf<T extends PeerMessageType> = Extract<PeerMessage, { type: T }>;

const check = Compile(PeerMessageSchema);

/** The one check at the relay boundary: a body that is not in the catalogue is a bug on the sending node. */
export function readPeerMessage(value: unknown): PeerMessage {
  if (!check.Check(value)) {
    const type = typeof value === 'object' && value !== null && 'type' in value ? String(value.type) : typeof value;
    throw new Error(`peer message '${type}' is not in the catalogue or malformed`);
  }
  return value;
}
