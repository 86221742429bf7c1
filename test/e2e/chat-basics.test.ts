import { afterEach, describe, expect, it } from 'vitest';
import { registerUser, type TestUser } from '../helpers/api-client.js';
import { ChatClient } from '../helpers/chat-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

describe('1:1 chat smoke', () => {
  let server: TestServer | undefined;
  const clients: ChatClient[] = [];
  async function connect(user: TestUser): Promise<ChatClient> {
    const client = await ChatClient.connect(server!, user);
    clients.push(client);
    return client;
  }
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.close();
    server = undefined;
  });

  it('acks the sender, delivers to the receiver and relays the receipt', async () => {
    server = await startTestServer();
    const [alice, bob] = [await registerUser(server), await registerUser(server)];
    const a = await connect(alice);
    const b = await connect(bob);
    const cliMid = a.send(bob.uid, 'hello bob');
    const ack = await a.ackFor(cliMid);
    expect(ack.mid).toBeGreaterThan(0);
    await b.waitForChats(1);
    expect(b.chats()[0]).toMatchObject({ cliMid, mid: ack.mid, from: String(alice.uid), to: String(bob.uid), content: 'hello bob' });
    await a.raw.next((f) => f.action === 'ack.notify' && (f.data as { mid: number }).mid === ack.mid);
  });
});
