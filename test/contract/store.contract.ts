import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/index.js';
import type { Store } from '../../src/store/index.js';
import { chatBatchContract } from './store/chat-batches.js';
import { contactContract } from './store/contacts.js';
import { fileContract } from './store/files.js';
import { groupMessageContract } from './store/group-messages.js';
import { groupContract } from './store/groups.js';
import { messageContract } from './store/messages.js';
import { messageEventContract } from './store/message-events.js';
import { searchContract } from './store/search.js';
import { outboxContract } from './store/outbox.js';
import { pushQueueContract } from './store/push-queue.js';
import { repliesReadsContract } from './store/replies-reads.js';
import { sessionContract } from './store/sessions.js';
import { userContract } from './store/users.js';
import type { StoreHandle } from './store/handle.js';
import { chatMessage } from '../helpers/store-fixtures.js';

export interface MadeStore {
  store: Store;
  /** Runs after the store is closed (drop the database, remove the directory). */
  dispose?: () => Promise<void> | void;
}

/** Builds a fresh, migrated store on the engine under test, stamping rows with `clock`. */
export type StoreFactory = (clock: ManualClock) => Promise<MadeStore>;

/**
 * The one contract every Store engine passes. Tests share one store per engine and stay independent
 * by using fresh ids and names (see test/helpers/store-fixtures.ts).
 */
export function runStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`Store contract on ${name}`, () => {
    const clock = new ManualClock();
    let made: MadeStore | undefined;
    const handle: StoreHandle = {
      clock,
      get store() {
        if (!made) throw new Error('store not made yet');
        return made.store;
      },
    };

    beforeAll(async () => {
      made = await makeStore(clock);
    });

    afterAll(async () => {
      await made?.store.close();
      await made?.dispose?.();
    });

    userContract(handle);
    contactContract(handle);
    sessionContract(handle);
    groupContract(handle);
    messageContract(handle);
    chatBatchContract(handle);
    groupMessageContract(handle);
    messageEventContract(handle);
    fileContract(handle);
    searchContract(handle);
    outboxContract(handle);
    pushQueueContract(handle);
    repliesReadsContract(handle);

    describe('lifecycle', () => {
      it('answers a ping', async () => {
        await expect(handle.store.ping()).resolves.toBeUndefined();
      });

      it('treats a second migrate as a no-op', async () => {
        expect(await handle.store.migrate()).toEqual([]);
      });

      it('returns numbers for ids and seqs and booleans for flags', async () => {
        const user = await handle.store.users.create({ account: `types_${Date.now()}`, passwordHash: 'h' });
        const { group } = await handle.store.groups.create({ name: 'types', ownerUid: user.uid });
        expect(typeof user.uid).toBe('number');
        expect(typeof user.createdAt).toBe('number');
        expect(typeof group.lastSeq).toBe('number');
        expect(typeof group.isMuted).toBe('boolean');
        expect(typeof group.allowHistory).toBe('boolean');
      });

      it('fails every call with STORE_CLOSED after close, and close is idempotent', async () => {
        const other = await makeStore(new ManualClock());
        try {
          await other.store.users.getTokenVersion(1, 1);
          await other.store.close();
          await other.store.close();
          await expect(other.store.users.get(1)).rejects.toMatchObject({ code: 'STORE_CLOSED', retryable: false });
          await expect(other.store.ping()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
          await expect(other.store.messages.appendBatch([chatMessage(1, 2)])).rejects.toMatchObject({ code: 'STORE_CLOSED' });
          await expect(other.store.messages.appendBatch([])).resolves.toEqual([]);
        } finally {
          await other.store.close();
          await other.dispose?.();
        }
      });
    });
  });
}
