import { GlideError, type Clock, type MidGenerator, type OwnedCalls } from '../core/index.js';
import { conversationKey, type ChatMessage, type ContactStore, type MessageEventStore, type MessageStore, type ReactionCounts } from '../store/index.js';
import type { ChatDelivery } from './chat-delivery.js';
import type { ChatWriter } from './chat-writer.js';
import { checkEventTarget, EVENT_TYPE_OF, readEventBody, writeEventBody, type EventBody } from './event-body.js';

export interface EventSettings {
  editWindowSec: number;
  maxReactionKeysPerMessage: number;
  maxReactionsPerUser: number;
  maxPinsPerConversation: number;
}

export interface ChatEventsDeps {
  messages: MessageStore;
  contacts: Pick<ContactStore, 'isBlocked'>;
  events: MessageEventStore;
  writer: ChatWriter;
  delivery: ChatDelivery;
  mids: MidGenerator;
  clock: Clock;
  calls: OwnedCalls;
  settings: EventSettings;
}

/** An edit, reaction or pin asked by `actor`; `cliMid` makes a retry the same event. */
export interface EventRequest {
  actor: number;
  cliMid: string;
  body: EventBody;
}

/** The stored event: its mid, the actor's seq for it (inbox or group) and its time. */
export interface EventResult {
  mid: number;
  seq: number;
  at: number;
}

interface ChatEventCall {
  peer: number;
  request: EventRequest;
}

/**
 * Edits, reactions and pins of 1:1 messages. Each is checked, then stored as a row of both parties'
 * inboxes by the conversation's owner (the same owner and writer as its messages, so it takes its place
 * among them), applied to the message's state, and fanned out to every device of both parties.
 */
export class ChatEvents {
  private readonly commit: (conversation: string, call: ChatEventCall) => Promise<EventResult>;

  constructor(private readonly deps: ChatEventsDeps) {
    // Idempotent: the writer dedups the event's (sender, cliMid), and applying an event again changes nothing.
    this.commit = deps.calls.define<ChatEventCall, EventResult>('chat.event', 'idempotent', (call) => this.commitHere(call));
  }

  /** Stores and fans out the event on the conversation's owner; resolves once it is durable. */
  async apply(request: EventRequest): Promise<EventResult> {
    const target = await this.deps.messages.get(request.body.target);
    const { actor } = request;
    // A message the actor is no party to does not exist for it.
    if (!target || (target.sender !== actor && target.receiver !== actor)) throw new GlideError('MSG_NOT_FOUND', `message ${request.body.target}`);
    const peer = target.sender === actor ? target.receiver : target.sender;
    // Like a message: a user the peer blocked reaches it with no event either.
    if (peer !== actor && (await this.deps.contacts.isBlocked(peer, actor))) throw new GlideError('CONTACT_BLOCKED', `uid ${peer}`);
    return this.commit(actor < peer ? `${actor}:${peer}` : `${peer}:${actor}`, { peer, request });
  }

  /** Reaction counts of each of `mids` that has any (1:1 and group messages alike): read paths add them. */
  reactionCounts(mids: readonly number[]): Promise<Map<number, ReactionCounts>> {
    return this.deps.events.reactionCounts(mids);
  }

  /** The pins of the conversation of `uid` with `peer`, newest first. */
  pins(uid: number, peer: number) {
    return this.deps.events.pins(conversationKey({ a: uid, b: peer }));
  }

  /** Every text of a message, the original first: for its sender only. */
  async revisions(uid: number, mid: number) {
    const target = await this.deps.messages.get(mid);
    if (target?.sender !== uid) throw new GlideError('MSG_EDIT_DENIED', `message ${mid}`);
    return this.deps.events.revisions(mid);
  }

  private async commitHere({ peer, request }: ChatEventCall): Promise<EventResult> {
    const { deps } = this;
    const { actor, body } = request;
    const now = deps.clock.now();
    const target = await deps.messages.get(body.target);
    checkEventTarget(target, body, actor, { editWindowMs: deps.settings.editWindowSec * 1000, now });
    await this.checkLimits(body, actor, peer);
    const draft = { mid: deps.mids.next(), sender: actor, receiver: peer, cliMid: `ev:${request.cliMid}`, cliSeq: 0, type: EVENT_TYPE_OF[body.kind], content: writeEventBody(body), sendAt: now, createdAt: now };
    const result = await deps.writer.write(draft);
    if (!result.message.cliMid.startsWith('ev:') || result.message.type !== draft.type) throw new GlideError('API_BAD_REQUEST', 'CliMid was used for another event');
    // A retry applies the event stored first (its state writes are idempotent) and fans it out again: the
    // node that stored it may have died before doing so; devices drop a repeat by its seq.
    await this.applyState(result.message, peer);
    deps.delivery.deliverStored(result.message, result.senderSeq, result.receiverSeq);
    return { mid: result.message.mid, seq: result.senderSeq, at: result.message.createdAt };
  }

  private async checkLimits(body: EventBody, actor: number, peer: number): Promise<void> {
    const { events, settings } = this.deps;
    if (body.kind === 'reaction' && body.isOn) await checkReactionLimits(events, settings, body.target, actor, body.key);
    if (body.kind === 'pin' && body.isOn) {
      const pins = await events.pins(conversationKey({ a: actor, b: peer }));
      if (!pins.some((p) => p.mid === body.target) && pins.length >= settings.maxPinsPerConversation) throw new GlideError('MSG_LIMIT_REACHED', `at most ${settings.maxPinsPerConversation} pins`);
    }
  }

  private async applyState(row: ChatMessage, peer: number): Promise<void> {
    const body = readEventBody(row.content);
    const { events } = this.deps;
    const at = row.createdAt;
    if (body.kind === 'edit') await events.applyEdit({ table: 'chat', mid: body.target, eventMid: row.mid, content: body.content, at });
    else if (body.kind === 'reaction') await events.applyReaction({ mid: body.target, uid: row.sender, key: body.key, isOn: body.isOn, eventMid: row.mid, at });
    else await events.applyPin({ conversation: conversationKey({ a: row.sender, b: peer }), mid: body.target, by: row.sender, isOn: body.isOn, eventMid: row.mid, at });
  }
}

/** A user's keys on a message, and the message's distinct keys, stay within their bounds. */
export async function checkReactionLimits(events: MessageEventStore, settings: EventSettings, mid: number, uid: number, key: string): Promise<void> {
  const own = await events.reactionsOf(mid, uid);
  if (own.includes(key)) return;
  if (own.length >= settings.maxReactionsPerUser) throw new GlideError('MSG_LIMIT_REACHED', `at most ${settings.maxReactionsPerUser} reactions per user on a message`);
  const counts = (await events.reactionCounts([mid])).get(mid) ?? {};
  if (!(key in counts) && Object.keys(counts).length >= settings.maxReactionKeysPerMessage) throw new GlideError('MSG_LIMIT_REACHED', `at most ${settings.maxReactionKeysPerMessage} reaction keys on a message`);
}
