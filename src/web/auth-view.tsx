import { useState } from 'preact/hooks';
import type { ChatStore } from './chat-store.js';

type Mode = 'signin' | 'register' | 'guest';

export function AuthView(props: { store: ChatStore }) {
  const { store } = props;
  const [mode, setMode] = useState<Mode>('signin');
  const [account, setAccount] = useState('');
  const [password, setPassword] = useState('');
  const [nickname, setNickname] = useState('');
  const [isBusy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      if (mode === 'register') await store.register(account.trim(), password, nickname.trim());
      else if (mode === 'signin') await store.signIn(account.trim(), password);
      else await store.guest(nickname.trim());
    } catch {
      // The store shows the reason.
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="auth">
      <h1>Glide</h1>
      <p class="tagline">Instant messaging, served by your own Glide server.</p>
      <div class="tabs" role="tablist">
        {(['signin', 'register', 'guest'] as const).map((m) => (
          <button type="button" role="tab" aria-selected={mode === m} class={mode === m ? 'tab active' : 'tab'} onClick={() => setMode(m)} data-testid={`tab-${m}`}>
            {m === 'signin' ? 'Sign in' : m === 'register' ? 'Register' : 'Guest'}
          </button>
        ))}
      </div>
      <form onSubmit={submit} class="auth-form">
        {mode !== 'guest' && (
          <>
            <input name="account" placeholder="Account" autocomplete="username" value={account} onInput={(e) => setAccount(e.currentTarget.value)} required />
            <input name="password" type="password" placeholder="Password" autocomplete={mode === 'register' ? 'new-password' : 'current-password'} value={password} onInput={(e) => setPassword(e.currentTarget.value)} required />
          </>
        )}
        {mode !== 'signin' && <input name="nickname" placeholder="Nickname (optional)" value={nickname} onInput={(e) => setNickname(e.currentTarget.value)} />}
        <button type="submit" class="primary" disabled={isBusy} data-testid="auth-submit">
          {mode === 'signin' ? 'Sign in' : mode === 'register' ? 'Create account' : 'Continue as guest'}
        </button>
      </form>
      {store.notice && <p class="error" role="alert">{store.notice}</p>}
    </main>
  );
}
