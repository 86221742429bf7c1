import { fileContentOf, FileView } from './attachments.js';
import { MessageLinks, ReplyForward } from './message-actions.js';
import { RECALL_WINDOW_MS, type ChatStore, type Conversation, type Tick, type UiMessage } from './chat-store.js';

/** Delivered and read differ in glyph, colour and words, not only in a shade. */
const TICKS: Record<Tick, string> = { pending: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓ Read', failed: '⚠' };
const TICK_TITLES: Record<Tick, string> = { pending: 'sending', sent: 'sent', delivered: 'delivered', read: 'read', failed: 'not sent' };
/** Messages of one sender closer than this form one run: one name, one avatar. */
const RUN_GAP_MS = 5 * 60_000;

function dayOf(ms: number): string {
  return new Date(ms).toDateString();
}

function dayLabel(ms: number): string {
  const day = dayOf(ms);
  if (day === dayOf(Date.now())) return 'Today';
  if (day === dayOf(Date.now() - 86_400_000)) return 'Yesterday';
  return new Date(ms).toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase();
}

/** The messages with a separator per day; consecutive messages of one sender are grouped. */
export function MessageList(props: { store: ChatStore; conversation: Conversation }) {
  const { store, conversation } = props;
  let previous: UiMessage | undefined;
  const items = [];
  for (const message of conversation.messages) {
    const isNewDay = !previous || dayOf(previous.sendAt) !== dayOf(message.sendAt);
    if (isNewDay) {
      items.push(
        <div key={`day-${message.key}`} class="day" role="separator" data-testid="day">
          {dayLabel(message.sendAt)}
        </div>,
      );
    }
    const isRunStart = isNewDay || !previous || !!previous.notice || previous.from !== message.from || message.sendAt - previous.sendAt > RUN_GAP_MS;
    items.push(<Bubble key={message.key} store={store} conversation={conversation} message={message} isRunStart={isRunStart} />);
    previous = message;
  }
  return <>{items}</>;
}

function Bubble(props: { store: ChatStore; conversation: Conversation; message: UiMessage; isRunStart: boolean }) {
  const { store, conversation, message, isRunStart } = props;
  if (message.notice) {
    return (
      <div class="notice" data-testid="notice">
        {store.noticeLine(message.notice)}
      </div>
    );
  }
  const isGroupPeer = conversation.kind === 'group' && !message.isOwn;
  const time = new Date(message.sendAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const canRecall = message.isOwn && !message.isRecalled && message.mid > 0 && Date.now() - message.sendAt < RECALL_WINDOW_MS;
  const name = store.nameOf(message.from);
  const bubble = (
    <div class={`bubble ${message.isOwn ? 'own' : 'theirs'} ${message.isRecalled ? 'recalled' : ''} ${isRunStart ? '' : 'cont'} ${message.isMentioned ? 'mentioned' : ''}`} data-testid="message" data-mid={message.mid} data-mentioned={message.isMentioned ? 'true' : undefined} data-tick={message.isOwn ? message.tick : undefined}>
      {isGroupPeer && isRunStart && <div class="sender">{name}</div>}
      {!message.isRecalled && <MessageLinks store={store} conversation={conversation} message={message} />}
      <div class="text">{message.isRecalled ? (message.isOwn ? 'You recalled a message' : 'Message recalled') : <Content store={store} message={message} />}</div>
      {message.reactions && Object.keys(message.reactions).length > 0 && (
        <div class="reactions" data-testid="reactions">
          {Object.entries(message.reactions).map(([key, count]) => (
            <button type="button" key={key} class={`reaction ${(message.myReactions ?? []).includes(key) ? 'mine' : ''}`} onClick={() => void store.change(conversation, message, { kind: 'reaction', key })} data-testid="reaction">
              {key} {count}
            </button>
          ))}
        </div>
      )}
      <div class="meta">
        {message.isPinned && <span data-testid="pinned">📌</span>}
        <span>{time}</span>
        {message.editedAt && <span data-testid="edited">edited</span>}
        {conversation.kind === 'group' && message.readCount !== undefined && <span data-testid="read-count">Read by {message.readCount}</span>}
        {message.isOwn && !message.isRecalled && (conversation.kind === 'chat' || message.tick === 'pending' || message.tick === 'failed') && (
          <span class={`tick ${message.tick}`} title={TICK_TITLES[message.tick]} data-testid="tick">
            {TICKS[message.tick]}
          </span>
        )}
        {!message.isRecalled && message.mid > 0 && <ChangeButtons store={store} conversation={conversation} message={message} />}
        {!message.isRecalled && message.mid > 0 && <ReplyForward store={store} conversation={conversation} message={message} />}
        {canRecall && (
          <button type="button" class="link recall" onClick={() => void store.recall(conversation, message)} data-testid="recall">
            Recall
          </button>
        )}
      </div>
    </div>
  );
  if (!isGroupPeer) return bubble;
  return (
    <div class={`from-row ${isRunStart ? '' : 'cont'}`}>
      {isRunStart ? (
        <span class="initials" title={name} data-testid="initials">
          {initials(name)}
        </span>
      ) : (
        <span class="initials spacer" />
      )}
      {bubble}
    </div>
  );
}

function Content(props: { store: ChatStore; message: UiMessage }) {
  const file = fileContentOf(props.message);
  return file ? <FileView store={props.store} file={file} /> : <>{props.message.content}</>;
}

/** React with 👍, pin, and (own text) edit: each goes to the server and shows when its change comes back. */
function ChangeButtons(props: { store: ChatStore; conversation: Conversation; message: UiMessage }) {
  const { store, conversation, message } = props;
  const edit = () => {
    const content = window.prompt('Edit message', message.content);
    if (content && content !== message.content) void store.change(conversation, message, { kind: 'edit', content });
  };
  return (
    <>
      <button type="button" class="link" onClick={() => void store.change(conversation, message, { kind: 'reaction', key: '👍' })} data-testid="react" title="React with 👍">
        👍
      </button>
      <button type="button" class="link" onClick={() => void store.change(conversation, message, { kind: 'pin' })} data-testid="pin">
        {message.isPinned ? 'Unpin' : 'Pin'}
      </button>
      {message.isOwn && message.type === 1 && (
        <button type="button" class="link" onClick={edit} data-testid="edit">
          Edit
        </button>
      )}
    </>
  );
}
