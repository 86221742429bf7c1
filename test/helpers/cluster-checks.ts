import { expect } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { callApi, type TestUser } from './api-client.js';
import type { ChatClient } from './chat-client.js';
import { oneTo } from './chat-harness.js';
import type { Ack } from './failover-client.js';
import type { Frame } from './raw-clients.js';
import type { ServerAddress } from './test-server.js';

/** `message.group` data as a member reads it. */
export interface GroupPost {
  to: string;
  mid: number;
  seq: number;
}

const LOTS = 1_000_000;

export async function createGroup(node: ServerAddress, owner: TestUser, members: readonly TestUser[]): Promise<number> {
  const reply = await callApi(node, 'group/create', { Name: 'team', Member: members.map((m) => m.uid) }, owner.token);
  expect(reply.body.Code).toBe(100);
  return (reply.body.Data as { Gid: number }).Gid;
}

/** A `SendPlan.send` that posts item i to `gid`. */
export function postTo(gid: number): (conn: ChatClient, cliMid: string, i: number) => void {
  return (conn, cliMid, i) => void conn.request('message.group', { cliMid, to: String(gid), type: 1, content: `post ${i}` });
}

/** The posts of `gid` among `frames` (one connection's, or several). */
export function postsIn(frames: readonly Frame[], gid: number): GroupPost[] {
  return frames.filter((f) => f.action === 'message.group' && String((f.data as GroupPost).to) === String(gid)).map((f) => f.data as GroupPost);
}

export function isIncreasing(values: readonly number[]): boolean {
  return values.every((v, i) => i === 0 || v > values[i - 1]!);
}

/** Mids sorted, so two lists compare as multisets. */
export function sortedMids(items: readonly { mid: number }[]): number[] {
  return items.map((x) => x.mid).sort((a, b) => a - b);
}

/** The group's stored sequence is 1..n without a hole, and holds each acked post once (plus notices). */
export async function expectStoredGroup(store: Store, gid: number, acks: readonly Ack[]): Promise<void> {
  const rows = await store.groupMessages.range(gid, 1, LOTS, LOTS);
  expect(rows.map((r) => r.seq)).toEqual(oneTo(rows.length));
  const posts = rows.filter((r) => r.sender !== 0);
  expect(sortedMids(posts)).toEqual(sortedMids(acks));
  for (const ack of acks) expect(rows.find((r) => r.mid === ack.mid)?.seq).toBe(ack.seq);
}

/** The user's stored inbox is 1..n without a hole and holds exactly `mids`, in that order. */
export async function expectStoredInbox(store: Store, uid: number, mids: readonly number[]): Promise<void> {
  const page = await store.messages.inboxAfter(uid, 0, LOTS);
  expect(page.entries.map((e) => e.seq)).toEqual(oneTo(page.entries.length));
  expect(page.entries.map((e) => e.message.mid)).toEqual(mids);
}
