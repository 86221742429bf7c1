import { afterEach, describe, expect, it } from 'vitest';
import { createUnitGateway } from '../../test/helpers/unit-gateway.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import { DeviceState } from './device-state.js';

const chat = (seq: number) => ({ action: 'message.chat', data: { mid: 100 + seq, seq, from: '1', to: '2', type: 1, content: `m${seq}`, sendAt: 0 } });

describe('DeviceState', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  const device = () => {
    const unit = createUnitGateway();
    closers.push(unit.close);
    const probe = unit.open(2);
    return { probe, state: new DeviceState(probe.conn, 2, 1) };
  };
  /** A device past an empty sync: what it gets from here on is live. */
  const syncedDevice = () => {
    const opened = device();
    opened.state.startSync(0);
    opened.state.finishSync();
    return opened;
  };
  const seqs = (probe: ReturnType<typeof device>['probe']) => probe.framesOf('message.chat').map((f) => (f.data as { seq: number }).seq);

  it('holds live messages while its sync runs and sends, in seq order, only those the sync did not push', async () => {
    const { probe, state } = device();
    state.startSync(1);
    state.deliver(4, 104, chat(4));
    state.deliver(3, 103, chat(3));
    state.pushSynced(2, 102, chat(2));
    state.pushSynced(3, 103, chat(3));
    expect(state.cursor()).toBeUndefined();
    state.finishSync();
    await waitFor(() => seqs(probe).length === 3, 2_000, 'three messages');
    expect(seqs(probe)).toEqual([2, 3, 4]);
  });

  it('moves its cursor only over what was acked or sent by the device itself, never past a gap', () => {
    const { state } = syncedDevice();
    for (const seq of [1, 2, 3]) state.deliver(seq, 100 + seq, chat(seq));
    expect(state.cursor()).toBe(0);
    expect(state.ack(101)).toBe(true);
    expect(state.ack(103)).toBe(true);
    // 2 is not acked: the cursor stops below it.
    expect(state.cursor()).toBe(1);
    state.ack(102);
    state.markOwn(4);
    expect(state.cursor()).toBe(4);
    expect(state.ack(999)).toBe(false);
  });

  it('sends a seq that a later one overtook (two owners, a retried fan-out) and keeps the cursor below it until then', async () => {
    const { probe, state } = syncedDevice();
    state.deliver(1, 101, chat(1));
    state.deliver(3, 103, chat(3));
    state.ack(101);
    state.ack(103);
    // 2 has not come: the device does not have it, whatever came after.
    expect(state.cursor()).toBe(1);
    state.deliver(2, 102, chat(2));
    await waitFor(() => seqs(probe).length === 3, 2_000, 'three messages');
    expect(seqs(probe)).toEqual([1, 3, 2]);
    expect(state.cursor()).toBe(1);
    state.ack(102);
    expect(state.cursor()).toBe(3);
    // A second fan-out of a seq it was given is still dropped.
    state.deliver(2, 102, chat(2));
    state.redeliver(5, 105, chat(5));
    state.redeliver(4, 104, chat(4));
    await waitFor(() => seqs(probe).length === 5, 2_000, 'the redelivered ones');
    expect(seqs(probe)).toEqual([1, 3, 2, 5, 4]);
  });

  it("takes a jump over the device's own sends for no gap", () => {
    const { state } = syncedDevice();
    state.deliver(1, 101, chat(1));
    state.markOwn(2);
    state.deliver(3, 103, chat(3));
    state.ack(101);
    state.ack(103);
    expect(state.cursor()).toBe(3);
    // An own send above a seq not seen yet does not vouch for it.
    state.markOwn(5);
    expect(state.cursor()).toBe(3);
  });

  it('keeps the cursor below where a cut-short sync stopped', () => {
    const { state } = device();
    state.startSync(0);
    state.pushSynced(1, 101, chat(1));
    state.stopCursorBelow(3);
    state.finishSync();
    state.ack(101);
    state.deliver(5, 105, chat(5));
    state.ack(105);
    expect(state.cursor()).toBe(2);
  });

  it('redelivers only what the device has not acked', async () => {
    const { probe, state } = syncedDevice();
    state.deliver(1, 101, chat(1));
    state.deliver(2, 102, chat(2));
    state.ack(101);
    state.redeliver(1, 101, chat(1));
    state.redeliver(2, 102, chat(2));
    await waitFor(() => seqs(probe).length === 3, 2_000, 'the redelivery');
    expect(seqs(probe)).toEqual([1, 2, 2]);
  });
});
