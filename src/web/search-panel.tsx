import { useState } from 'preact/hooks';
import type { Message } from '../client/index.js';
import type { ChatStore } from './chat-store.js';
import { previewOf } from './attachments.js';

/** Results per page: the server's default page. */
const PAGE = 20;

interface Found {
  query: string;
  messages: Message[];
  cursor?: number;
}

/**
 * The search box above the conversation list: full-text search over what this user can read, newest
 * first, a page at a time; a result opens its conversation. The list stays until the box is cleared.
 */
export function SearchPanel(props: { store: ChatStore; onError: (err: unknown) => void }) {
  const { store, onError } = props;
  const [text, setText] = useState('');
  const [found, setFound] = useState<Found | undefined>();
  const [isBusy, setBusy] = useState(false);

  const fetchPage = async (query: string, before?: Found) => {
    setBusy(true);
    try {
      const page = await store.client!.api.messages.search(query, { limit: PAGE, ...(before?.cursor ? { cursor: before.cursor } : {}) });
      setFound({ query, messages: [...(before?.messages ?? []), ...page.messages], ...(page.cursor ? { cursor: page.cursor } : {}) });
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: Event) => {
    event.preventDefault();
    const query = text.trim();
    if (query === '') return setFound(undefined);
    void fetchPage(query);
  };
  const clear = () => {
    setText('');
    setFound(undefined);
  };
  const where = (m: Message) => (m.kind === 'group' ? `# ${store.groups.get(m.peer) ?? m.peer}` : store.nameOf(m.peer));

  return (
    <div class="search">
      <form class="search-box" role="search" onSubmit={submit}>
        <input type="search" placeholder="Search messages" value={text} onInput={(e) => setText(e.currentTarget.value)} data-testid="search-input" />
        <button type="submit" disabled={isBusy} data-testid="search-submit">
          Search
        </button>
      </form>
      {found && (
        <div class="search-results" data-testid="search-results">
          <div class="search-head muted">
            <span>
              {found.messages.length === 0 ? 'Nothing found for' : 'Results for'} “{found.query}”
            </span>
            <button type="button" class="link" onClick={clear} data-testid="search-clear">
              Close
            </button>
          </div>
          <ul>
            {found.messages.map((m) => (
              <li key={`${m.conversation}:${m.mid}`}>
                <button type="button" class="search-hit" onClick={() => void store.open(m.conversation)} data-testid={`search-hit-${m.mid}`}>
                  <span class="search-where">
                    {where(m)}
                    <span class="muted">
                      {m.isOwn ? ' · you' : m.kind === 'group' ? ` · ${store.nameOf(m.from)}` : ''} · {new Date(m.sendAt).toLocaleString()}
                    </span>
                  </span>
                  <span class="preview">{previewOf(m)}</span>
                </button>
              </li>
            ))}
          </ul>
          {found.cursor !== undefined && (
            <button type="button" class="link more" disabled={isBusy} onClick={() => void fetchPage(found.query, found)} data-testid="search-more">
              More results
            </button>
          )}
        </div>
      )}
    </div>
  );
}
