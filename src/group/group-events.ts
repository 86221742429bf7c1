import { GlideError, type Clock, type OwnedCalls } from '../core/index.js';
import { checkEventTarget, checkReactionLimits, EVENT_TYPE_OF, readEventBody, writeEventBody, type EventRequest, type EventResult, type EventSettings } from '../messaging/index.js';
import { conversationKey, type GroupMessage, type GroupMessageStore, type MessageEventStore } from '../store/index.js';
import type { GroupService } from './group-service.js';
import type { GroupDirectory, GroupState } from './group-state.js';
import type { GroupWriter } from './group-writer.js';

export interface GroupEventsDeps {
  directory: GroupDirectory;
  writer: GroupWriter;
  groupMessages: GroupMessageStore;
  events: MessageEventStore;
  service: Pick<GroupService, 'publish'>;
  clock: Clock;
  calls: OwnedCalls;
  settings: EventSettings;
}

interface GroupEventCall {
  gid: number;
  request: EventRequest;
}

/**
 * Edits, reactions and pins of group messages: checked against the group as its owner holds it (members
 * react to what they can read, senders edit, managers pin), sequenced by the group writer as a row of
 * the group's sequence (so members catch up on it by seq), applied, and fanned out to the members.
 */
export class GroupEvents {
  private readonly commit: (gid: number, call: GroupEventCall) => Promise<EventResult>;

  constructor(private readonly deps: GroupEventsDeps) {
    // Idempotent: the writer dedups (gid, sender, cliMid), and applying an event again changes nothing.
    this.commit = deps.calls.define<GroupEventCall, EventResult>('group.event', 'idempotent', (call) => this.commitHere(call));
  }

  apply(gid: number, request: EventRequest): Promise<EventResult> {
    return this.commit(gid, { gid, request });
  }

  /** The pins of a group, newest first: members only. */
  async pins(gid: number, uid: number) {
    await this.readableState(gid, uid);
    return this.deps.events.pins(conversationKey({ gid }));
  }

  /** Every text of a group message, the original first: for its sender only. */
  async revisions(gid: number, uid: number, mid: number) {
    const target = await this.deps.groupMessages.getByMid(mid);
    if (target?.gid !== gid || target.sender !== uid) throw new GlideError('MSG_EDIT_DENIED', `message ${mid}`);
    return this.deps.events.revisions(mid);
  }

  private async readableState(gid: number, uid: number): Promise<GroupState> {
    const state = await this.deps.directory.get(gid);
    if (!state) throw new GlideError('GROUP_NOT_FOUND', `group ${gid}`);
    if (!state.members.has(uid)) throw new GlideError('GROUP_NOT_MEMBER', `group ${gid}`);
    return state;
  }

  private async commitHere({ gid, request }: GroupEventCall): Promise<EventResult> {
    const { deps } = this;
    const { actor, body } = request;
    const state = await this.readableState(gid, actor);
    const target = await deps.groupMessages.getByMid(body.target);
    const firstReadable = state.group.allowHistory ? 1 : (state.members.get(actor)?.joinedSeq ?? 0) + 1;
    const isReadable = target !== undefined && target.gid === gid && target.sender !== 0 && target.seq >= firstReadable;
    const now = deps.clock.now();
    checkEventTarget(isReadable ? target : undefined, body, actor, { editWindowMs: deps.settings.editWindowSec * 1000, now });
    if (body.kind === 'pin' && !state.isManager(actor)) throw new GlideError('MSG_PIN_DENIED', `group ${gid}`);
    await this.checkLimits(gid, request);
    const post = { kind: 'post' as const, gid, sender: actor, cliMid: `ev:${request.cliMid}`, type: EVENT_TYPE_OF[body.kind], content: writeEventBody(body), sendAt: now };
    const result = await deps.writer.write(post);
    if (result.message.type !== post.type) throw new GlideError('API_BAD_REQUEST', 'CliMid was used for another event');
    await this.applyState(result.message);
    deps.service.publish(result);
    return { mid: result.message.mid, seq: result.message.seq, at: result.message.createdAt };
  }

  private async checkLimits(gid: number, { actor, body }: EventRequest): Promise<void> {
    const { events, settings } = this.deps;
    if (body.kind === 'reaction' && body.isOn) await checkReactionLimits(events, settings, body.target, actor, body.key);
    if (body.kind === 'pin' && body.isOn) {
      const pins = await events.pins(conversationKey({ gid }));
      if (!pins.some((p) => p.mid === body.target) && pins.length >= settings.maxPinsPerConversation) throw new GlideError('MSG_LIMIT_REACHED', `at most ${settings.maxPinsPerConversation} pins`);
    }
  }

  private async applyState(row: GroupMessage): Promise<void> {
    const body = readEventBody(row.content);
    const { events } = this.deps;
    const at = row.createdAt;
    if (body.kind === 'edit') await events.applyEdit({ table: 'group', mid: body.target, eventMid: row.mid, content: body.content, at });
    else if (body.kind === 'reaction') await events.applyReaction({ mid: body.target, uid: row.sender, key: body.key, isOn: body.isOn, eventMid: row.mid, at });
    else await events.applyPin({ conversation: conversationKey({ gid: row.gid }), mid: body.target, by: row.sender, isOn: body.isOn, eventMid: row.mid, at });
  }
}
