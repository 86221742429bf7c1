import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanNpmEnv, npm, packSdk, REPO_ROOT, writeSdkProject } from '../helpers/sdk-project.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const run = promisify(execFile);
const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

describe('the packed SDK in an empty project', () => {
  let server: TestServer | undefined;
  const dirs: string[] = [];

  afterEach(async () => {
    await server?.close();
    server = undefined;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('installs from its tarball with nothing of the server, and runs every example against a server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'glide-sdk-'));
    dirs.push(dir);
    const tarball = await packSdk(dir);
    writeSdkProject(dir, tarball, ['ws']);
    // Offline: only what the repository's own npm ci put in the npm cache.
    await npm(['ci', '--offline', '--no-audit', '--no-fund'], dir);
    expect(readdirSync(join(dir, 'node_modules')).filter((name) => !name.startsWith('.')).sort()).toEqual(['@glide-im', 'long', 'protobufjs', 'ws']);

    server = await startTestServer();
    const examples = readdirSync(EXAMPLES_DIR).filter((name) => name.endsWith('.mjs'));
    expect(examples).toContain('hello.mjs');
    for (const example of examples) {
      copyFileSync(join(EXAMPLES_DIR, example), join(dir, example));
      // The example must end by itself (close() releases the sockets); the timeout fails it otherwise.
      const { stdout } = await run(process.execPath, [example], { cwd: dir, env: { ...cleanNpmEnv(), GLIDE_URL: `http://127.0.0.1:${server.httpPort}` }, timeout: 30_000 });
      if (example === 'hello.mjs') expect(stdout).toMatch(/^sent \d+; bob got "hello from alice" from \d+\n$/);
    }
  }, 300_000);
});
