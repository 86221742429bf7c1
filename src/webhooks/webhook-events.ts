import { randomUUID } from 'node:crypto';
import type { GlideEvent } from '../core/index.js';
import { GROUP_NOTICE_TYPES } from '../protocol/index.js';

/** Event types webhook endpoints receive (`webhooks.events` picks among them). */
export const WEBHOOK_EVENTS = [
  'user.registered',
  'user.signed_in',
  'user.signed_out',
  'message.stored',
  'message.recalled',
  'group.created',
  'group.member_changed',
  'group.updated',
  'group.dissolved',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** One event as POSTed: `id` is stable across retries (receivers dedup on it). */
export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  at: number;
  data: Record<string, unknown>;
}

const NOTICE_NAMES: Record<number, string> = { 1: 'member_added', 2: 'member_removed', 3: 'role_changed', 4: 'mute_changed', 5: 'dissolved', 6: 'updated' };

/** The public event for an internal one, or undefined for events that stay inside (device receipts). */
export function toWebhookEvent(event: GlideEvent, at: number): WebhookEvent | undefined {
  switch (event.type) {
    case 'user.registered':
      return { id: randomUUID(), type: event.type, at, data: { uid: event.uid, account: event.account } };
    case 'user.signed_in':
    case 'user.signed_out':
      return { id: randomUUID(), type: event.type, at, data: { uid: event.uid, device: event.device } };
    case 'message.stored': {
      const m = event.message;
      // Ids derived from the mid: a message stored twice by a retry on another node is one event.
      return { id: `message.stored:${m.mid}`, type: event.type, at, data: { kind: m.kind, mid: m.mid, from: m.sender, to: m.to, seq: m.seq, type: m.type, content: m.content, sendAt: m.sendAt } };
    }
    case 'message.recalled':
      return { id: `message.recalled:${event.mid}`, type: event.type, at, data: { kind: event.kind, mid: event.mid, by: event.by, to: event.to } };
    case 'group.created':
      return { id: `group.created:${event.gid}`, type: event.type, at, data: { gid: event.gid, owner: event.owner, members: event.members } };
    case 'group.changed': {
      const { notice } = event;
      const type: WebhookEventType = notice.type === GROUP_NOTICE_TYPES.DISSOLVED ? 'group.dissolved' : notice.type === GROUP_NOTICE_TYPES.UPDATED ? 'group.updated' : 'group.member_changed';
      return { id: `group.changed:${event.gid}:${event.seq}`, type, at, data: { gid: event.gid, seq: event.seq, change: NOTICE_NAMES[notice.type] ?? String(notice.type), by: notice.by, uids: notice.uids ?? [] } };
    }
    default:
      return undefined;
  }
}
