import type { ConversationKey } from '../client/index.js';
import { useState } from 'preact/hooks';
import { previewOf } from './attachments.js';
import type { ChatStore } from './chat-store.js';
import type { Conversation, UiMessage } from './ui-types.js';

/** How much of a quoted message the quote line shows. */
const QUOTE_CHARS = 60;

/** "Sender: start of the text" of the message `mid` of this conversation, or "a message" when the page does not hold it. */
export function quoteText(store: ChatStore, conversation: Conversation, mid: number): string {
  const quoted = conversation.messages.find((m) => m.mid === mid);
  if (!quoted) return 'a message';
  const text = quoted.isRecalled ? 'message recalled' : previewOf(quoted);
  return `${store.nameOf(quoted.from)}: ${text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS)}…` : text}`;
}

/** The lines above a message's text: where a forward came from and what a reply quotes. */
export function MessageLinks(props: { store: ChatStore; conversation: Conversation; message: UiMessage }) {
  const { store, conversation, message } = props;
  return (
    <>
      {message.forwardFrom !== undefined && (
        <div class="forwarded" data-testid="forwarded">
          Forwarded from {store.nameOf(message.forwardFrom)}
        </div>
      )}
      {message.replyTo !== undefined && (
        <div class="quote" data-testid="quote">
          {quoteText(store, conversation, message.replyTo)}
        </div>
      )}
    </>
  );
}

/** Reply sets the quote above the composer; Forward picks another conversation from the list and sends a copy there. */
export function ReplyForward(props: { store: ChatStore; conversation: Conversation; message: UiMessage }) {
  const { store, conversation, message } = props;
  const [isPicking, setPicking] = useState(false);
  const reply = () => {
    conversation.replyingTo = message.mid;
    store.notify();
  };
  const targets = [...store.conversations.values()].filter((c) => (c.kind === 'group' ? store.groups.has(c.peer) : store.contacts.includes(c.peer)));
  const forward = (key: string) => {
    setPicking(false);
    if (!key) return;
    void store.send(store.conversation(key as ConversationKey), message.content, message.type, { forwardMid: message.mid, forwardFrom: message.forwardFrom ?? message.from });
  };
  return (
    <>
      <button type="button" class="link" onClick={reply} data-testid="reply">
        Reply
      </button>
      {isPicking ? (
        <select class="forward-to" onChange={(e) => forward(e.currentTarget.value)} onBlur={() => setPicking(false)} data-testid="forward-to" autoFocus>
          <option value="">Forward to…</option>
          {targets.map((c) => (
            <option key={c.key} value={c.key}>
              {store.titleOf(c)}
            </option>
          ))}
        </select>
      ) : (
        <button type="button" class="link" onClick={() => setPicking(true)} data-testid="forward">
          Forward
        </button>
      )}
    </>
  );
}

/** The quote the next send replies to, with a way to drop it. */
export function ReplyBar(props: { store: ChatStore; conversation: Conversation }) {
  const { store, conversation } = props;
  if (!conversation.replyingTo) return null;
  const cancel = () => {
    conversation.replyingTo = undefined;
    store.notify();
  };
  return (
    <div class="reply-bar" data-testid="reply-bar">
      <span class="quote grow">Replying to {quoteText(store, conversation, conversation.replyingTo)}</span>
      <button type="button" class="link" onClick={cancel} aria-label="Cancel reply" data-testid="cancel-reply">
        ×
      </button>
    </div>
  );
}
