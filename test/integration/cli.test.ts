import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { callApi, registerUser, signin } from '../helpers/api-client.js';
import { startChildServer, type ChildServer } from '../helpers/child-server.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Each command is a process started through tsx: seconds apiece on a loaded machine. */
const PROCESS_TEST_TIMEOUT_MS = 60_000;

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `glide <args>` as a real process from the sources, with `stdin` piped in. */
function glide(args: readonly string[], stdin = ''): Promise<CliResult> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GLIDE_')));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

const dirs: string[] = [];
const servers: ChildServer[] = [];
const blockers: Server[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'glide-cli-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
  await Promise.all(blockers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('glide command line', () => {
  it('answers an unknown command with the error and one line pointing to --help', async () => {
    const result = await glide(['srve']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('glide: unknown command "srve", did you mean serve?\nRun "glide --help" for usage.\n');
    expect(result.stdout).toBe('');
  }, PROCESS_TEST_TIMEOUT_MS);

  it('says in one line that the port is in use and exits 1', async () => {
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const result = await glide(['serve', '--host', '127.0.0.1', '--port', String(port), '--tcp-port', '-1', '--data', tempDir(), '--log-level', 'warn']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`port ${port} is in use: choose another with --port or GLIDE_SERVER_PORT\n`);
    expect(result.stdout).toBe('');
  }, PROCESS_TEST_TIMEOUT_MS);

  it('manages accounts and shows groups in a running server store, and in a stopped one', async () => {
    const data = tempDir();
    const server = await startChildServer(data);
    servers.push(server);

    const created = await glide(['user', 'create', 'carol', '--nickname', 'Carol C', '--data', data, '--json'], 'first-password\n');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const carol = JSON.parse(created.stdout) as { uid: number; account: string; nickname: string; isDisabled: boolean };
    expect(carol).toMatchObject({ account: 'carol', nickname: 'Carol C', isDisabled: false });
    const session = await signin(server, 'carol', 'first-password');
    expect(session.uid).toBe(carol.uid);

    expect(await glide(['user', 'create', 'dave', '--data', data], 'short\n')).toMatchObject({ code: 1, stderr: expect.stringContaining('at least 8 characters') });
    expect(await glide(['user', 'create', 'carol', '--data', data], 'another-password\n')).toMatchObject({ code: 1, stderr: 'glide: account "carol" already exists\n' });

    const bob = await registerUser(server, { prefix: 'bob' });
    const group = await callApi(server, 'group/create', { Name: 'ops room', Member: [bob.uid] }, session.token);
    const gid = (group.body.Data as { Gid: number }).Gid;

    const users = JSON.parse((await glide(['user', 'list', '--json', '--data', data])).stdout) as { uid: number; account: string }[];
    expect(users.map((u) => u.account)).toEqual(['carol', bob.account]);
    const groups = JSON.parse((await glide(['group', 'list', '--json', '--data', data])).stdout) as unknown[];
    expect(groups).toEqual([expect.objectContaining({ gid, name: 'ops room', ownerUid: carol.uid, members: 2, isDissolved: false })]);
    const info = JSON.parse((await glide(['group', 'info', String(gid), '--json', '--data', data])).stdout) as { memberList: unknown[] };
    expect(info.memberList).toEqual([expect.objectContaining({ uid: carol.uid, account: 'carol', role: 'owner' }), expect.objectContaining({ uid: bob.uid, role: 'member' })]);

    // Disabling revokes the tokens the running server already issued and refuses sign-in.
    expect((await glide(['user', 'disable', 'carol', '--data', data])).code).toBe(0);
    expect((await callApi(server, 'user/profile', {}, session.token)).status).toBe(401);
    await expect(signin(server, 'carol', 'first-password')).rejects.toThrow(/signin failed/);
    expect((await glide(['user', 'reset-password', String(carol.uid), '--data', data], 'second-password\n')).code).toBe(0);
    expect((await signin(server, 'carol', 'second-password')).uid).toBe(carol.uid);

    await server.stop();
    const table = await glide(['user', 'list', '--data', data]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^UID\s+ACCOUNT\s+NICKNAME\s+EMAIL\s+DISABLED\s+CREATED$/);
    expect(table.stdout).toMatch(new RegExp(`^${carol.uid}\\s+carol\\s+Carol C\\s`, 'm'));
    const missing = await glide(['group', 'info', '999999', '--data', data]);
    expect(missing).toMatchObject({ code: 1, stderr: 'glide: no group 999999\n' });
  }, 240_000);
});
