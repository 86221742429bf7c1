import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/index.js';
import { createStore, type Store } from '../store/index.js';
import { LocalPeers } from '../delivery/index.js';
import { withBlocklistCache } from './blocklist-cache.js';

describe('blocklist cache over a real SQLite store', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'glide-blocklist-'));
    store = await createStore({ url: '', dataDir: dir, log: silentLogger() });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers from memory and follows block and unblock made through it', async () => {
    const cached = withBlocklistCache(store.contacts, new LocalPeers());
    expect(await cached.isBlocked(1, 2)).toBe(false);
    await cached.block(1, 2);
    expect(await cached.isBlocked(1, 2)).toBe(true);
    expect(await store.contacts.isBlocked(1, 2)).toBe(true);
    expect(await cached.unblock(1, [2, 3])).toBe(1);
    expect(await cached.isBlocked(1, 2)).toBe(false);
  });

  it('does not keep a list read while a write was under way', async () => {
    const cached = withBlocklistCache(store.contacts, new LocalPeers());
    const [before] = await Promise.all([cached.isBlocked(5, 6), cached.block(5, 6)]);
    expect(typeof before).toBe('boolean');
    expect(await cached.isBlocked(5, 6)).toBe(true);
  });

  it('passes every other call through to the store', async () => {
    const cached = withBlocklistCache(store.contacts, new LocalPeers());
    await cached.addPair(7, 8, 'friend');
    expect((await cached.list(7)).map((c) => [c.id, c.remark])).toEqual([[8, 'friend']]);
  });
});
