import { useState } from 'preact/hooks';
import type { ChatStore } from './chat-store.js';

/** Name a group and pick members among the contacts. */
export function NewGroupForm(props: { store: ChatStore; onDone: () => void; onError: (err: unknown) => void }) {
  const { store } = props;
  const [name, setName] = useState('');
  const [picked, setPicked] = useState<number[]>([]);

  const toggle = (uid: number) => setPicked(picked.includes(uid) ? picked.filter((p) => p !== uid) : [...picked, uid]);
  const create = async (event: Event) => {
    event.preventDefault();
    if (!name.trim()) return;
    try {
      await store.createGroup(name.trim(), picked);
      props.onDone();
    } catch (err) {
      props.onError(err);
    }
  };

  return (
    <form class="new-group" onSubmit={create} data-testid="new-group-form">
      <input placeholder="Group name" value={name} onInput={(e) => setName(e.currentTarget.value)} data-testid="group-name" required />
      {store.contacts.map((uid) => (
        <label key={uid} class="pick">
          <input type="checkbox" checked={picked.includes(uid)} onChange={() => toggle(uid)} data-testid={`pick-${uid}`} />
          {store.nameOf(uid)}
        </label>
      ))}
      <button type="submit" class="primary" data-testid="create-group">
        Create group
      </button>
    </form>
  );
}
