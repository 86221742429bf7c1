import { useEffect, useRef, useState } from 'preact/hooks';
import { RECALL_WINDOW_MS, type ChatStore, type Conversation, type Tick, type UiMessage } from './chat-store.js';

const TYPING_THROTTLE_MS = 2_000;
const TICKS: Record<Tick, string> = { pending: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '⚠' };
const TICK_TITLES: Record<Tick, string> = { pending: 'sending', sent: 'sent', delivered: 'delivered', read: 'read', failed: 'not sent' };

export function ConversationView(props: { store: ChatStore; conversation: Conversation }) {
  const { store, conversation } = props;
  const [draft, setDraft] = useState('');
  const lastTyping = useRef(0);
  const list = useRef<HTMLDivElement>(null);
  const count = conversation.messages.length;
  const newest = conversation.messages.at(-1)?.key;

  // Stay at the bottom when a new message arrives (not when older pages load above).
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [newest, conversation.key]);

  const send = (event: Event) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setDraft('');
    // The peer clears "typing…" when the message lands; typing again must say so again.
    lastTyping.current = 0;
    void store.send(conversation, text);
  };

  const onInput = (value: string) => {
    setDraft(value);
    const now = Date.now();
    if (value && now - lastTyping.current > TYPING_THROTTLE_MS) {
      lastTyping.current = now;
      store.typing(conversation);
    }
  };

  const isTyping = conversation.typingUntil > Date.now();
  return (
    <section class="conversation" data-testid="conversation">
      <header class="conversation-head">
        <button type="button" class="link back" onClick={() => void store.open(undefined)} aria-label="Back to contacts">
          ‹
        </button>
        <div class="grow">
          <strong data-testid="peer-name">{store.titleOf(conversation)}</strong>
          <div class="muted typing" data-testid="typing">
            {isTyping ? 'typing…' : conversation.kind === 'group' ? `group ${conversation.peer}` : `id ${conversation.peer}`}
          </div>
        </div>
        {conversation.kind === 'group' && <GroupTools store={store} gid={conversation.peer} />}
      </header>
      <div class="messages" ref={list} data-testid="messages" data-count={count}>
        {conversation.hasOlder && (
          <button type="button" class="link older" disabled={conversation.isLoadingOlder} onClick={() => void store.loadOlder(conversation)} data-testid="load-older">
            {conversation.isLoadingOlder ? 'Loading…' : 'Load older messages'}
          </button>
        )}
        {conversation.messages.map((m) => (
          <Bubble key={m.key} store={store} conversation={conversation} message={m} />
        ))}
      </div>
      <form class="composer" onSubmit={send}>
        <input placeholder="Message" value={draft} onInput={(e) => onInput(e.currentTarget.value)} data-testid="composer" autoFocus />
        <button type="submit" class="primary" data-testid="send">
          Send
        </button>
      </form>
    </section>
  );
}

/** Invite by id, and leave. */
function GroupTools(props: { store: ChatStore; gid: number }) {
  const { store, gid } = props;
  const [uid, setUid] = useState('');
  const invite = async (event: Event) => {
    event.preventDefault();
    const id = Number(uid.trim());
    if (!Number.isInteger(id) || id <= 0) return;
    await store.invite(gid, id).catch((err: unknown) => alert(err instanceof Error ? err.message : String(err)));
    setUid('');
  };
  return (
    <form class="group-tools" onSubmit={invite}>
      <input placeholder="Invite id" inputMode="numeric" value={uid} onInput={(e) => setUid(e.currentTarget.value)} data-testid="invite-input" />
      <button type="submit" data-testid="invite">
        Invite
      </button>
      <button type="button" class="link" onClick={() => void store.leave(gid)} data-testid="leave-group">
        Leave
      </button>
    </form>
  );
}

function Bubble(props: { store: ChatStore; conversation: Conversation; message: UiMessage }) {
  const { store, conversation, message } = props;
  if (message.notice) {
    return (
      <div class="notice" data-testid="notice">
        {store.noticeLine(message.notice)}
      </div>
    );
  }
  const showSender = conversation.kind === 'group' && !message.isOwn;
  const time = new Date(message.sendAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const canRecall = message.isOwn && !message.isRecalled && message.mid > 0 && Date.now() - message.sendAt < RECALL_WINDOW_MS;
  return (
    <div class={`bubble ${message.isOwn ? 'own' : 'theirs'} ${message.isRecalled ? 'recalled' : ''}`} data-testid="message" data-mid={message.mid} data-tick={message.isOwn ? message.tick : undefined}>
      {showSender && <div class="sender">{store.nameOf(message.from)}</div>}
      <div class="text">{message.isRecalled ? (message.isOwn ? 'You recalled a message' : 'Message recalled') : message.content}</div>
      <div class="meta">
        <span>{time}</span>
        {message.isOwn && !message.isRecalled && (conversation.kind === 'chat' || message.tick === 'pending' || message.tick === 'failed') && (
          <span class={`tick ${message.tick}`} title={TICK_TITLES[message.tick]} data-testid="tick">
            {TICKS[message.tick]}
          </span>
        )}
        {canRecall && (
          <button type="button" class="link recall" onClick={() => void store.recall(conversation, message)} data-testid="recall">
            Recall
          </button>
        )}
      </div>
    </div>
  );
}
