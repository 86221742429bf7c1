import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/api-client.js';
import { ChatClient } from '../helpers/chat-client.js';
import { serveUntilExit, startChildServer, type ChildServer, type ChildServerOptions } from '../helpers/child-server.js';
import { requireScratchDisk, type ScratchDisk } from '../helpers/scratch-disk.js';
import { waitFor, waitForAsync } from '../helpers/wait-for.js';

interface Health {
  status: number;
  writes: string;
}

async function health(server: ChildServer): Promise<Health> {
  const response = await fetch(`http://127.0.0.1:${server.httpPort}/api/health`);
  const body = (await response.json()) as { Data: { writes: string } };
  return { status: response.status, writes: body.Data.writes };
}

/** The one line `glide serve` logged when it refused to start. */
function refusal(lines: readonly string[]): { code: string; reason: string } {
  const fatal = lines.map((line) => JSON.parse(line) as { level: number; msg: string; code: string; reason: string }).filter((entry) => entry.level === 60);
  expect(fatal.map((entry) => entry.msg)).toEqual(['server failed to initialise']);
  return { code: fatal[0]!.code, reason: fatal[0]!.reason };
}

describe('storage faults on a real disk (loop device in a private mount namespace)', () => {
  let disk: ScratchDisk | undefined;
  let server: ChildServer | undefined;
  const clients: ChatClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.kill();
    server = undefined;
    await disk?.close();
    disk = undefined;
  });

  const inDisk = (options: ChildServerOptions = {}): ChildServerOptions => ({ ...options, wrap: (command) => disk!.wrap(command) });

  it('answers /api/health 503 while the disk is full and 200 again once writes work', async (context) => {
    disk = await requireScratchDisk({ sizeMb: 32 });
    if (!disk) return context.skip();
    server = await startChildServer(disk.dataDir, inDisk({ env: { GLIDE_STORE_WRITE_FAULT_HOLD_MS: '1000' } }));
    const [alice, bob] = [await registerUser(server), await registerUser(server)];
    const a = await ChatClient.connect(server, alice);
    clients.push(a);
    await a.ackFor(a.send(bob.uid, 'before the disk filled up'));
    expect(await health(server)).toEqual({ status: 200, writes: 'ok' });

    await disk.fill();
    // A message sent now is either refused or, when it fits in WAL space SQLite already holds, stored and
    // synced (then its ack is true); either way the health probe's write fails and takes the node out.
    const during = a.send(bob.uid, 'while the disk is full');
    await waitFor(() => a.failures().length === 1 || a.framesOf('ack.message').some((f) => (f.data as { cliMid: string }).cliMid === during), 10_000, 'an answer to the message');
    await waitForAsync(async () => (await health(server!)).status === 503, 10_000, 'health to turn 503 on a full disk');
    expect((await health(server)).writes).toMatch(/^failing: .*SQLITE_FULL/);

    await disk.free();
    await waitForAsync(async () => (await health(server!)).status === 200, 10_000, 'health to turn 200 once there is room');
    await a.ackFor(a.send(bob.uid, 'after the disk was freed'));
    expect(await health(server)).toEqual({ status: 200, writes: 'ok' });
  }, 60_000);

  it('refuses to start on a read-only glide.db, naming the file and the reason', async (context) => {
    disk = await requireScratchDisk();
    if (!disk) return context.skip();
    server = await startChildServer(disk.dataDir, inDisk());
    await registerUser(server);
    await server.stop();
    server = undefined;
    const file = join(disk.dataDir, 'glide.db');
    await disk.makeReadOnly(file);

    const exit = await serveUntilExit(disk.dataDir, inDisk());
    expect(exit.code).toBe(1);
    const { code, reason } = refusal(exit.lines);
    expect(code).toBe('STORE_NOT_WRITABLE');
    expect(reason).toContain(`${file}: the file is not writable`);
    expect(reason).toContain('EROFS');
  }, 60_000);

  for (const [name, hasDatabase] of [['empty', false], ['holding a database', true]] as const) {
    it(`refuses to start on a read-only data directory (${name}), naming it and the reason`, async (context) => {
      disk = await requireScratchDisk();
      if (!disk) return context.skip();
      if (hasDatabase) await (await startChildServer(disk.dataDir, inDisk())).stop();
      await disk.makeReadOnly(disk.dataDir);

      const exit = await serveUntilExit(disk.dataDir, inDisk());
      expect(exit.code).toBe(1);
      const { code, reason } = refusal(exit.lines);
      expect(code).toBe('STORE_NOT_WRITABLE');
      expect(reason).toContain(`its directory ${disk.dataDir} is not writable`);
      expect(reason).toContain('EROFS');
    }, 60_000);
  }
});
