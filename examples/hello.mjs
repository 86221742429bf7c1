// The SDK end to end: two users register (or sign in when they already exist), one sends, the other
// receives, then both close. Run it against a server: `GLIDE_URL=http://localhost:8080 node hello.mjs`.
// Needs `@glide-im/client` and, on Node 20 (no global WebSocket), `ws`.
import { GlideClient, isClientError } from '@glide-im/client';
import { WebSocket } from 'ws';

const url = process.env.GLIDE_URL ?? 'http://localhost:8080';

/** Signs in, registering the account first when it does not exist yet. */
async function signInOrRegister(account, password) {
  const client = new GlideClient({ url, WebSocket });
  try {
    await client.signIn(account, password); // HTTP sign-in, then the WebSocket
  } catch (err) {
    if (!isClientError(err, 'SIGNIN_FAILED')) throw err;
    await client.api.auth.register({ account, password }); // passwords have at least 8 characters
    await client.signIn(account, password);
  }
  return client;
}

const alice = await signInOrRegister('example-alice', 'alice-password');
const bob = await signInOrRegister('example-bob', 'bob-password');
try {
  const received = bob.once('message', (m) => m.from === alice.uid);
  const { mid } = await alice.send(bob.uid, 'hello from alice'); // resolves once the server stored it
  const message = await received;
  console.log(`sent ${mid}; bob got "${message.content}" from ${message.from}`);
} finally {
  // Without close() the open WebSockets keep the process alive.
  alice.close();
  bob.close();
}
