import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callApi, registerUser } from '../helpers/api-client.js';
import { ChatClient } from '../helpers/chat-client.js';
import { startChildServer, type ChildServer } from '../helpers/child-server.js';
import { waitFor } from '../helpers/wait-for.js';

describe('a server crash after ack.message (real process, SIGKILL)', () => {
  let dataDir: string | undefined;
  let server: ChildServer | undefined;
  const clients: ChatClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.kill();
    server = undefined;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  });

  it('loses nothing that was acked, and the receiver gets it at sign-in after the restart', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'glide-crash-'));
    const first = (server = await startChildServer(dataDir));
    const alice = await registerUser(first);
    const bob = await registerUser(first);
    const a = await ChatClient.connect(first, alice);
    clients.push(a);
    // SIGKILL from the frame handler the moment the first ack arrives: no shutdown, no flush.
    let killed: Promise<void> | undefined;
    const acked: { cliMid: string; mid: number }[] = [];
    a.raw.onFrame = (frame) => {
      if (frame.action !== 'ack.message') return;
      acked.push(frame.data as { cliMid: string; mid: number });
      killed ??= first.kill();
    };
    const sent = Array.from({ length: 20 }, (_, i) => a.send(bob.uid, `before the crash ${i}`));
    await waitFor(() => killed !== undefined, 20_000, 'the first ack');
    await killed;
    expect(first.process.signalCode).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThan(0);
    a.close();

    const second = (server = await startChildServer(dataDir));
    const b = await ChatClient.connect(second, bob);
    clients.push(b);
    await b.waitForChats(acked.length, 20_000);
    // Everything acked is there, first in Bob's inbox and in send order; unacked sends may or may not be.
    const chats = b.chats();
    expect(chats.slice(0, acked.length).map((c) => [c.cliMid, c.mid])).toEqual(acked.map((x) => [x.cliMid, x.mid]));
    expect(chats.map((c) => c.seq)).toEqual(chats.map((_, i) => i + 1));
    expect(chats.map((c) => c.cliMid)).toEqual(sent.slice(0, chats.length));
    const history = await callApi(second, 'msg/chat/history', { Uid: bob.uid }, alice.token);
    const mids = (history.body.Data as { Mid: number }[]).map((m) => m.Mid);
    for (const x of acked) expect(mids).toContain(x.mid);
  }, 90_000);
});
