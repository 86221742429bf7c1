import { useState } from 'preact/hooks';
import type { ChatStore } from './chat-store.js';

/** The group's actions behind one button, so the header keeps its name on one line at phone width. */
export function GroupMenu(props: { store: ChatStore; gid: number }) {
  const { store, gid } = props;
  const [isOpen, setOpen] = useState(false);
  const [uid, setUid] = useState('');
  const [error, setError] = useState('');
  const invite = async (event: Event) => {
    event.preventDefault();
    const id = Number(uid.trim());
    if (!Number.isInteger(id) || id <= 0) return setError('Enter the user id to invite.');
    try {
      await store.invite(gid, id);
      setUid('');
      setError('');
      setOpen(false);
    } catch (err) {
      setError(err instanceof Error ? err.message.replace(/^[\w/]+: /, '') : String(err));
    }
  };
  return (
    <div class="group-menu">
      <button type="button" class="icon-button" aria-expanded={isOpen} aria-label="Group actions" onClick={() => setOpen(!isOpen)} data-testid="group-menu">
        ⋯
      </button>
      {isOpen && (
        <div class="menu-panel" role="menu" data-testid="group-menu-panel">
          <form class="invite" onSubmit={invite}>
            <input placeholder="Invite by id" inputMode="numeric" value={uid} onInput={(e) => setUid(e.currentTarget.value)} data-testid="invite-input" />
            <button type="submit" data-testid="invite">
              Invite
            </button>
          </form>
          {error && <p class="error small">{error}</p>}
          <button type="button" class="link danger" onClick={() => void store.leave(gid)} data-testid="leave-group">
            Leave group
          </button>
        </div>
      )}
    </div>
  );
}
