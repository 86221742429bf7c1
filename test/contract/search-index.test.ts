import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { ManualClock } from '../../src/core/index.js';
import { silentLogger } from '../../src/log/index.js';
import { createStore, type Store } from '../../src/store/index.js';
import { requireService } from '../helpers/require-service.js';
import { isolatedDatabase, tempDir } from '../helpers/store-fixtures.js';
import { searchContract } from './store/search.js';

// The store contract's searches read few rows, so they test each readable row. The same contract here
// with searchScanMaxRows 0 makes every search on SQLite walk the FTS5 index first, and on PostgreSQL read
// the index's matches in windows newest first (heavy users' plans). MySQL's optimizer picks FULLTEXT itself.
const log = silentLogger();

function indexLed(name: string, open: () => Promise<{ store: Store; dispose: () => Promise<void> | void }>): void {
  describe(`search led by the text index on ${name}`, () => {
    const clock = new ManualClock();
    let made: { store: Store; dispose: () => Promise<void> | void } | undefined;
    beforeAll(async () => {
      made = await open();
    });
    afterAll(async () => {
      await made?.store.close();
      await made?.dispose();
    });
    searchContract({
      clock,
      get store() {
        if (!made) throw new Error('store not made yet');
        return made.store;
      },
    });
  });
}

indexLed('SQLite', async () => {
  const dir = tempDir();
  const store = await createStore({ url: `sqlite:${join(dir.dir, 'search.db')}`, dataDir: dir.dir, log, searchScanMaxRows: 0 });
  return { store, dispose: dir.remove };
});

const postgres = await requireService('postgres');
if (postgres) {
  indexLed('PostgreSQL', async () => {
    const db = await isolatedDatabase(postgres);
    const store = await createStore({ url: db.url, dataDir: '.', log, searchScanMaxRows: 0, poolSize: 4 });
    return { store, dispose: db.drop };
  });
}
