import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../log/index.js';
import { Outbox, PendingRequests } from './batching.js';
import { decodeBatch, FrameKind, type Frame } from './frames.js';

const frame = (n: number): Frame => ({ kind: FrameKind.publish, id: 0, topic: 'msg.deliver', payload: new Uint8Array([n]) });

/** An outbox that records each batch as the payload bytes of its frames, per node. */
function recording(gatherMs: number): { outbox: Outbox; batches: Array<[number, number[]]> } {
  const batches: Array<[number, number[]]> = [];
  const outbox = new Outbox(
    (node, batch) => {
      const ns: number[] = [];
      decodeBatch(batch, (f) => ns.push(f.payload[0]!));
      batches.push([node, ns]);
    },
    silentLogger(),
    gatherMs,
  );
  return { outbox, batches };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('bus outbox', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends what one turn queued as one batch per node, at the end of the turn', async () => {
    const { outbox, batches } = recording(0);
    outbox.add(2, frame(1));
    outbox.add(3, frame(2));
    outbox.add(2, frame(3));
    expect(batches).toEqual([]);
    await turn();
    expect(batches).toEqual([
      [2, [1, 3]],
      [3, [2]],
    ]);
  });

  it('with a floor, holds frames queued soon after a flush until the floor has passed, then sends them together', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { outbox, batches } = recording(20);
    outbox.add(2, frame(1));
    await turn();
    // After a quiet spell the first frame does not wait.
    expect(batches).toEqual([[2, [1]]]);
    outbox.add(2, frame(2));
    await turn();
    vi.advanceTimersByTime(10);
    outbox.add(2, frame(3));
    await turn();
    expect(batches).toHaveLength(1);
    vi.advanceTimersByTime(10);
    expect(batches).toEqual([
      [2, [1]],
      [2, [2, 3]],
    ]);
  });

  it('flushes at once when asked (before a broadcast) and cancels the held flush; clear drops what is queued', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { outbox, batches } = recording(20);
    outbox.add(2, frame(1));
    await turn();
    outbox.add(2, frame(2));
    outbox.flush();
    expect(batches).toEqual([
      [2, [1]],
      [2, [2]],
    ]);
    outbox.add(2, frame(3));
    outbox.clear();
    vi.advanceTimersByTime(50);
    expect(batches).toHaveLength(2);
    // A frame after clear is scheduled again.
    outbox.add(2, frame(4));
    vi.advanceTimersByTime(20);
    await turn();
    expect(batches).toEqual([
      [2, [1]],
      [2, [2]],
      [2, [4]],
    ]);
  });
});

describe('pending requests', () => {
  it('fails a request past its deadline with CLUSTER_TIMEOUT, and without a stack (a storm of them was 7 % of a node)', async () => {
    const pending = new PendingRequests();
    const { reply } = pending.open(2, 'owner.call', 5);
    const err: unknown = await reply.catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CLUSTER_TIMEOUT', message: 'the other node did not answer in time: owner.call on node 2 after 5 ms' });
    expect((err as Error).stack).not.toMatch(/\n\s+at /);
  });
});
