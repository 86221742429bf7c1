import { render } from 'preact';
import { App } from './app.js';
import { ChatStore } from './chat-store.js';
import './styles.css';

const store = new ChatStore(location.origin);
render(<App store={store} />, document.getElementById('app')!);
void store.resume();
