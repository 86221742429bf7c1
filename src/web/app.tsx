import { useEffect } from 'preact/hooks';
import { AuthView } from './auth-view.js';
import type { ChatStore } from './chat-store.js';
import { ConversationView } from './conversation-view.js';
import { Sidebar } from './sidebar.js';
import { useStore } from './use-store.js';

export function App(props: { store: ChatStore }) {
  const store = useStore(props.store);
  // The page title carries the unread count over all conversations.
  const unread = store.phase === 'ready' ? [...store.conversations.values()].reduce((sum, c) => sum + c.unread, 0) : 0;
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Glide chat` : 'Glide chat';
  }, [unread]);
  if (store.phase === 'signed-out') return <AuthView store={store} />;
  if (store.phase === 'connecting' || !store.me) return <div class="splash">Connecting…</div>;
  const active = store.active ? store.conversation(store.active) : undefined;
  return (
    <div class={`shell ${active ? 'has-active' : ''}`}>
      <Banner store={store} />
      <Sidebar store={store} />
      {active ? <ConversationView store={store} conversation={active} /> : (
        <div class="empty-pane">
          <p data-testid="empty-pane">Pick a contact to start chatting.</p>
        </div>
      )}
    </div>
  );
}

/** Shown while the connection is down: the SDK is reconnecting on its own. */
function Banner(props: { store: ChatStore }) {
  const { connection } = props.store;
  if (connection.state === 'online') return null;
  const wait = connection.delayMs === undefined ? '' : ` (retry in ${Math.ceil(connection.delayMs / 1000)} s)`;
  return (
    <div class="banner" role="status" data-testid="reconnect-banner">
      {connection.state === 'closed' ? 'Disconnected.' : `Reconnecting…${wait}`}
    </div>
  );
}
