import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUnitGateway } from '../../test/helpers/unit-gateway.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import { chatMessage, tempDir } from '../../test/helpers/store-fixtures.js';
import { silentLogger } from '../log/index.js';
import { createStore, type ChatMessage, type Store } from '../store/index.js';
import { DeviceState } from './device-state.js';
import { GapRepair } from './gap-repair.js';

const SENDER = 7;
const RECEIVER = 2;
const envelopeOf = (message: ChatMessage, seq: number) => ({ action: 'message.chat', data: { mid: message.mid, seq, from: String(message.sender), to: String(message.receiver), type: 1, content: message.content, sendAt: 0 } });

describe('GapRepair', () => {
  const dir = tempDir();
  let store: Store;
  const closers: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    store = await createStore({ url: `sqlite:${join(dir.dir, 'gaps.db')}`, dataDir: dir.dir, log: silentLogger() });
  });
  afterAll(async () => {
    await store.close();
    dir.remove();
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  /** Stores a message to RECEIVER at receiver seq `seq` (a sender seq of its own). */
  const stored = async (seq: number): Promise<ChatMessage> => {
    const [made] = await store.messages.appendBatch([chatMessage(SENDER, RECEIVER, { seqs: [seq, seq] })]);
    const message = await store.messages.get(made!.mid);
    return message!;
  };
  const synced = (lateChecksMs: readonly number[]) => {
    const unit = createUnitGateway();
    const gaps = new GapRepair({ messages: store.messages, envelopeOf, log: silentLogger(), lateChecksMs, sweepMs: 20 });
    closers.push(unit.close, () => gaps.close());
    const probe = unit.open(RECEIVER);
    const state = new DeviceState(probe.conn, RECEIVER, 1);
    state.startSync(0);
    state.finishSync();
    const seqs = () => probe.framesOf('message.chat').map((f) => (f.data as { seq: number }).seq);
    return { gaps, state, seqs };
  };

  it('reads a seq that a later one overtook from the store when it does not come live (its push died with a node)', async () => {
    const { gaps, state, seqs } = synced([]);
    const [first, lost, later] = [await stored(1), await stored(2), await stored(3)];
    state.deliver(1, first.mid, envelopeOf(first, 1));
    state.deliver(3, later.mid, envelopeOf(later, 3));
    expect(state.hasMissing()).toBe(true);
    gaps.gapSeen(state);
    await waitFor(() => seqs().length === 3, 5_000, 'the missing seq from the store');
    expect(seqs()).toEqual([1, 3, 2]);
    expect(state.hasMissing()).toBe(false);
    state.ack(first.mid);
    state.ack(later.mid);
    state.ack(lost.mid);
    expect(state.cursor()).toBe(3);
    // Its live push coming after all is not sent twice.
    state.deliver(2, lost.mid, envelopeOf(lost, 2));
    expect(seqs()).toEqual([1, 3, 2]);
  });

  it('checks a sign-in again for a message stored past its sync that no owner pushed to it (a cluster)', async () => {
    const { gaps, state, seqs } = synced([50]);
    const message = await stored(4);
    gaps.signedIn(state);
    await waitFor(() => seqs().length > 0, 5_000, 'the message stored past the sync');
    // The inbox holds seqs 1–3 of the first test too: all beyond the (empty) sync, none held twice.
    expect(seqs()).toEqual([1, 2, 3, 4]);
    state.deliver(4, message.mid, envelopeOf(message, 4));
    expect(seqs()).toEqual([1, 2, 3, 4]);
  });

  it('reads nothing for a gap that filled meanwhile: an own send acked just after a later push (one node, every few messages)', async () => {
    const reads: string[] = [];
    const counted = {
      lastInboxSeq: (uid: number) => (reads.push('lastInboxSeq'), store.messages.lastInboxSeq(uid)),
      inboxAfter: (uid: number, after: number, limit: number) => (reads.push('inboxAfter'), store.messages.inboxAfter(uid, after, limit)),
    };
    let now = 0;
    const unit = createUnitGateway();
    const gaps = new GapRepair({ messages: counted, envelopeOf, log: silentLogger(), lateChecksMs: [], sweepMs: 5, now: () => now });
    closers.push(unit.close, () => gaps.close());
    const state = new DeviceState(unit.open(RECEIVER).conn, RECEIVER, 1);
    state.startSync(0);
    state.finishSync();
    state.deliver(2, 1002, { action: 'message.chat', data: { mid: 1002, seq: 2 } });
    gaps.gapSeen(state);
    state.markOwn(1);
    expect(state.hasMissing()).toBe(false);
    now = 60_000;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reads).toEqual([]);
  });

  it('does not push back what the device sent itself', async () => {
    const { gaps, state, seqs } = synced([30]);
    state.markOwn(1);
    state.markOwn(2);
    state.markOwn(3);
    state.markOwn(4);
    const message = await stored(5);
    gaps.signedIn(state);
    await waitFor(() => seqs().length > 0, 5_000, 'the one it lacks');
    expect(seqs()).toEqual([5]);
    expect(message.mid).toBeGreaterThan(0);
  });
});
