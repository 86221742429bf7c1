import type { ManualClock } from '../../../src/core/index.js';
import type { Store } from '../../../src/store/index.js';

/** What each part of the store contract gets: the store (made in beforeAll) and its clock. */
export interface StoreHandle {
  readonly store: Store;
  readonly clock: ManualClock;
}
