import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callApi, registerUser, type TestUser } from '../helpers/api-client.js';
import { ChatClient } from '../helpers/chat-client.js';
import { startChildServer, type ChildServer } from '../helpers/child-server.js';
import { waitFor } from '../helpers/wait-for.js';

// The data dir is a tiny tmpfs in the server's own mount namespace: it disappears with the process.
const onTmpfs = (dir: string, size: string): string[] => ['unshare', '-m', '--propagation', 'private', 'sh', '-c', `mount -t tmpfs -o size=${size} glide-full "$0" && exec "$@"`, dir];
const isRoot = process.getuid?.() === 0;

async function historyMids(server: ChildServer, reader: TestUser, peer: number): Promise<number[]> {
  const mids: number[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await callApi(server, 'msg/chat/history', { Uid: peer, Limit: 50, ...(before ? { BeforeMid: before } : {}) }, reader.token);
    const rows = page.body.Data as { Mid: number }[];
    if (rows.length === 0) return mids;
    mids.push(...rows.map((r) => r.Mid));
    before = rows[rows.length - 1]!.Mid;
  }
}

// Root-only (mount): in CI it runs whatever the user, so a runner that cannot mount fails loudly.
describe.runIf(isRoot || process.env.CI)('a disk that fills up under 1:1 chat (real SQLITE_FULL on a tmpfs)', () => {
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

  it('refuses with "storage full", logs the SQLite code, and stores nothing of a refused message', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'glide-full-'));
    const srv = (server = await startChildServer(dataDir, { wrap: (command) => [...onTmpfs(dataDir!, '3m'), ...command] }));
    const alice = await registerUser(srv);
    const bob = await registerUser(srv);
    const a = await ChatClient.connect(srv, alice);
    const b = await ChatClient.connect(srv, bob);
    clients.push(a, b);
    const content = 'x'.repeat(15_000);
    const acked: { cliMid: string; mid: number }[] = [];
    const refused: { cliMid: string; reason: string }[] = [];
    const answerOf = (cliMid: string) => a.raw.frames.find((f) => (f.action === 'ack.message' || f.action === 'message.failed.send') && (f.data as { cliMid?: string }).cliMid === cliMid);
    for (let i = 0; i < 400 && refused.length < 3; i++) {
      const cliMid = a.send(bob.uid, content);
      await waitFor(() => answerOf(cliMid) !== undefined, 10_000, `an answer to message ${i}`);
      const answer = answerOf(cliMid)!;
      if (answer.action === 'ack.message') acked.push({ cliMid, mid: (answer.data as { mid: number }).mid });
      else refused.push({ cliMid, reason: (answer.data as { reason: string }).reason });
    }
    expect(acked.length).toBeGreaterThan(10);
    expect(refused).toHaveLength(3);
    for (const r of refused) expect(r.reason).toMatch(/^storage full/);
    const logged = srv.lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === 'chat batch not stored');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged[0]).toMatchObject({ code: 'STORE_FULL', causeCode: expect.stringMatching(/^SQLITE_FULL/) });
    expect(srv.lines.join('\n')).not.toContain('cannot rollback');
    // One message, one answer: every acked message is stored (and reached Bob), no refused one is.
    expect((await historyMids(srv, alice, bob.uid)).sort()).toEqual(acked.map((x) => x.mid).sort());
    await b.waitForChats(acked.length, 10_000);
    expect(b.chats().map((c) => c.cliMid)).toEqual(acked.map((x) => x.cliMid));
  }, 120_000);
});
