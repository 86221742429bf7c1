import { useEffect, useRef, useState } from 'preact/hooks';
import { PaperClip, sendFiles } from './attachments.js';
import type { ChatStore, Conversation } from './chat-store.js';
import { GroupMenu } from './group-menu.js';
import { ReplyBar } from './message-actions.js';
import { MessageList } from './message-list.js';
import { MentionPicker, mentionsIn, useGroupMembers } from './mentions.js';

const TYPING_THROTTLE_MS = 2_000;

export function ConversationView(props: { store: ChatStore; conversation: Conversation }) {
  const { store, conversation } = props;
  const [draft, setDraft] = useState('');
  const lastTyping = useRef(0);
  const list = useRef<HTMLDivElement>(null);
  const members = useGroupMembers(store, conversation);
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
    const replyTo = conversation.replyingTo;
    conversation.replyingTo = undefined;
    void store.send(conversation, text, 1, { ...(replyTo ? { replyTo } : {}), ...mentionsIn(text, store, members) });
  };

  const onInput = (value: string) => {
    setDraft(value);
    const now = Date.now();
    if (value && now - lastTyping.current > TYPING_THROTTLE_MS) {
      lastTyping.current = now;
      store.typing(conversation);
    }
  };

  const attach = (files: FileList | null | undefined) => {
    if (files && files.length > 0) void sendFiles(store, conversation, [...files]);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    attach(event.dataTransfer?.files);
  };

  const isTyping = conversation.typingUntil > Date.now();
  return (
    <section class="conversation" data-testid="conversation" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <header class="conversation-head">
        <button type="button" class="link back" onClick={() => void store.open(undefined)} aria-label="Back to contacts">
          ‹
        </button>
        <div class="grow">
          <strong class="peer-name" data-testid="peer-name">{store.titleOf(conversation)}</strong>
          <div class="muted typing" data-testid="typing">
            {isTyping ? 'typing…' : conversation.kind === 'group' ? `group ${conversation.peer}` : `id ${conversation.peer}`}
          </div>
        </div>
        {conversation.kind === 'group' && <GroupMenu store={store} gid={conversation.peer} />}
      </header>
      <div class="messages" ref={list} data-testid="messages" data-count={count}>
        {conversation.hasOlder && (
          <button type="button" class="link older" disabled={conversation.isLoadingOlder} onClick={() => void store.loadOlder(conversation)} data-testid="load-older">
            {conversation.isLoadingOlder ? 'Loading…' : 'Load older messages'}
          </button>
        )}
        <MessageList store={store} conversation={conversation} />
      </div>
      <ReplyBar store={store} conversation={conversation} />
      <MentionPicker store={store} members={members} draft={draft} onPick={setDraft} />
      <form class="composer" onSubmit={send}>
        <label class="link attach" title="Attach a picture or file" aria-label="Attach a picture or file">
          <PaperClip />
          <input
            type="file"
            multiple
            hidden
            data-testid="attach"
            onChange={(e) => {
              attach(e.currentTarget.files);
              e.currentTarget.value = '';
            }}
          />
        </label>
        <input placeholder="Message" value={draft} onInput={(e) => onInput(e.currentTarget.value)} onPaste={(e) => attach(e.clipboardData?.files)} data-testid="composer" autoFocus />
        <button type="submit" class="primary" data-testid="send">
          Send
        </button>
      </form>
    </section>
  );
}
