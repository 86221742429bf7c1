import { useEffect, useState } from 'preact/hooks';
import type { ChatStore, Conversation } from './chat-store.js';
import { NewGroupForm } from './new-group-form.js';
import { previewOf } from './attachments.js';
import { SearchPanel } from './search-panel.js';

/** An error stays this long, then fades (CSS) and goes. */
const ERROR_SHOWN_MS = 5_000;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message.replace(/^[\w/]+: /, '') : String(err);
}

export function Sidebar(props: { store: ChatStore }) {
  const { store } = props;
  const me = store.me!;
  const [peer, setPeer] = useState('');
  const [error, setError] = useState('');
  const [isCreating, setCreating] = useState(false);
  useEffect(() => {
    if (!error) return undefined;
    const timer = setTimeout(() => setError(''), ERROR_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [error]);
  const lines = [...store.conversations.values()]
    .filter((c) => (c.kind === 'group' ? store.groups.has(c.peer) : store.contacts.includes(c.peer) || c.messages.length > 0 || c.unread > 0))
    .sort((x, y) => y.lastActivity - x.lastActivity || x.peer - y.peer);

  const add = async (event: Event) => {
    event.preventDefault();
    const uid = Number(peer.trim());
    if (!Number.isInteger(uid) || uid <= 0) return setError('Enter the user id to add.');
    try {
      await store.addContact(uid);
      setPeer('');
      setError('');
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <aside class="sidebar">
      <header class="me">
        <div>
          <strong data-testid="my-name">{store.nameOf(me.uid)}</strong>
          <div class="muted">
            Your id: <span data-testid="my-uid">{me.uid}</span>
          </div>
        </div>
        <div>
          <button type="button" class="link" onClick={() => setCreating(!isCreating)} data-testid="new-group">
            {isCreating ? 'Cancel' : 'New group'}
          </button>
          <button type="button" class="link" onClick={() => store.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <form class="add-contact" onSubmit={add}>
        <input placeholder="Add contact by id" inputMode="numeric" value={peer} onInput={(e) => setPeer(e.currentTarget.value)} data-testid="add-contact-input" />
        <button type="submit" data-testid="add-contact">
          Add
        </button>
      </form>
      <SearchPanel store={store} onError={(err) => setError(errorText(err))} />
      {isCreating && <NewGroupForm store={store} onDone={() => setCreating(false)} onError={(err) => setError(errorText(err))} />}
      {error && (
        <p class="error small fading" role="alert" data-testid="sidebar-error">
          {error}
        </p>
      )}
      <ul class="contacts" data-testid="contacts">
        {lines.map((c) => (
          <Line key={c.key} store={store} conversation={c} />
        ))}
        {lines.length === 0 && <li class="muted hint">No contacts yet. Share your id and add someone by theirs.</li>}
      </ul>
    </aside>
  );
}

function Line(props: { store: ChatStore; conversation: Conversation }) {
  const { store, conversation: c } = props;
  const isTyping = c.typingUntil > Date.now();
  const last = [...c.messages].reverse().find((m) => m.mid > 0 || m.isOwn);
  const preview = isTyping ? 'typing…' : !last ? (c.kind === 'group' ? 'group' : `id ${c.peer}`) : last.notice ? store.noticeLine(last.notice) : last.isRecalled ? 'message recalled' : previewOf(last);
  const testId = c.kind === 'group' ? `group-${c.peer}` : `contact-${c.peer}`;
  // While this page is offline its presence is stale: every dot is grey, with the reconnect banner.
  const isPageOnline = store.connection.state === 'online';
  const isPeerOnline = isPageOnline && store.online.has(c.peer);
  return (
    <li class={store.active === c.key ? 'active' : ''} data-testid={testId}>
      <button type="button" class="contact" onClick={() => void store.open(c.key)}>
        <span class={`avatar ${c.kind}`}>
          {c.kind === 'group' ? '#' : store.titleOf(c).slice(0, 1).toUpperCase()}
          {c.kind === 'chat' && <span class={`presence${isPeerOnline ? ' on' : ''}${isPageOnline ? '' : ' stale'}`} data-testid={`presence-${c.peer}`} title={isPageOnline ? (isPeerOnline ? 'online' : 'offline') : 'unknown while reconnecting'} />}
        </span>
        <span class="contact-text">
          <span class="contact-name">{store.titleOf(c)}</span>
          <span class="muted preview">
            {c.isMentioned && c.unread > 0 && (
              <span class="mentioned-you" data-testid={`mentioned-${c.peer}`}>
                mentioned you{' '}
              </span>
            )}
            {preview}
          </span>
        </span>
        {c.unread > 0 && (
          <span class="badge" data-testid={`unread-${c.kind === 'group' ? 'g' : ''}${c.peer}`}>
            {c.unread}
          </span>
        )}
      </button>
      {c.kind === 'chat' && store.contacts.includes(c.peer) && (
        <button type="button" class="link remove" title="Remove contact" aria-label={`Remove ${store.titleOf(c)}`} onClick={() => void store.removeContact(c.peer)}>
          ×
        </button>
      )}
    </li>
  );
}
