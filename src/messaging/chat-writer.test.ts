import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/index.js';
import { createStore, type Store } from '../store/index.js';
import { ChatWriter, type ChatDraft } from './chat-writer.js';
import { StoreInboxSequencer } from './inbox-sequencer.js';

const draft = (mid: number, sender: number, receiver: number, cliMid: string): ChatDraft => ({ mid, sender, receiver, cliMid, cliSeq: 0, type: 1, content: `m${mid}`, sendAt: 1, createdAt: 1 });

describe('ChatWriter over a real SQLite store', () => {
  let dir: string;
  let store: Store;
  let writer: ChatWriter;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'glide-chat-writer-'));
    store = await createStore({ url: '', dataDir: dir, log: silentLogger() });
    writer = new ChatWriter({ messages: store.messages, sequencer: new StoreInboxSequencer(store.messages), log: silentLogger() });
  });
  afterEach(async () => {
    await writer.flushed();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives each message the next seq in both inboxes, in the order written, batched or not', async () => {
    const results = await Promise.all([draft(1, 10, 20, 'a'), draft(2, 20, 10, 'b'), draft(3, 10, 30, 'c'), draft(4, 10, 10, 'self')].map((d) => writer.write(d)));
    expect(results.map((r) => [r.senderSeq, r.receiverSeq])).toEqual([
      [1, 1],
      [2, 2],
      [3, 1],
      [4, 4],
    ]);
    expect((await store.messages.inboxAfter(10, 0, 10)).entries.map((e) => e.message.mid)).toEqual([1, 2, 3, 4]);
  });

  it('stores a retried (sender, cliMid) once and answers the retry with the first message', async () => {
    const first = await writer.write(draft(1, 10, 20, 'same'));
    const retry = await writer.write(draft(2, 10, 20, 'same'));
    expect(retry).toEqual({ ...first, isDuplicate: true });
    // The retry burnt no seq: the next message takes the one after the first.
    expect((await writer.write(draft(3, 10, 20, 'next'))).senderSeq).toBe(2);
  });

  it('commits a device cursor with the next batch, or on its own when asked to be durable', async () => {
    await writer.write(draft(1, 10, 20, 'a'));
    writer.advance(20, 1, 1);
    await writer.write(draft(2, 10, 20, 'b'));
    expect(await store.messages.getDeviceCursor(20, 1)).toBe(1);
    await writer.advanceDurably(20, 2, 2);
    expect(await store.messages.getDeviceCursor(20, 2)).toBe(2);
  });
});
