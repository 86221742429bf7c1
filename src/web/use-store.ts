import { useEffect, useState } from 'preact/hooks';
import type { ChatStore } from './chat-store.js';

/** Re-renders the calling view whenever the store changes. */
export function useStore(store: ChatStore): ChatStore {
  const [, setVersion] = useState(0);
  useEffect(() => store.subscribe(() => setVersion((v) => v + 1)), [store]);
  return store;
}
