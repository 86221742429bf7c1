import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildServer {
  readonly process: ChildProcess;
  httpPort: number;
  wsUrl: string;
  /** Every stdout line the server wrote (JSON log lines). */
  readonly lines: string[];
  /** SIGKILL: no shutdown, no flush. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<void>;
}

export interface ChildServerOptions {
  timeoutMs?: number;
  /** More `serve` flags (`--cluster`, `--db`, …). */
  args?: readonly string[];
  /** Added to the environment the child inherits. */
  env?: Readonly<Record<string, string>>;
  /** Rewrites the command line, e.g. to run it inside a mount namespace (it must exec, keeping the pid). */
  wrap?: (command: string[]) => string[];
}

/** What a `glide serve` that ended by itself left behind. */
export interface ServeExit {
  code: number | null;
  /** stdout lines (JSON log lines). */
  lines: string[];
  stderr: string;
}

function spawnServe(dataDir: string, options: ChildServerOptions): ChildProcessByStdio<null, Readable, Readable> {
  const args = ['--import', 'tsx', 'src/main.ts', 'serve', '--host', '127.0.0.1', '--port', '0', '--tcp-port', '-1', '--data', dataDir, '--log-level', 'info', ...(options.args ?? [])];
  // The server rejects unknown GLIDE_* variables: the test runner's own (GLIDE_TEST_*) stay here.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GLIDE_TEST_')));
  const [file, ...rest] = (options.wrap ?? ((command: string[]) => command))([process.execPath, ...args]);
  return spawn(file!, rest, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...inherited, ...options.env } });
}

/** `glide serve` that is expected to refuse to start: resolves with how it ended (SIGKILL if it listens). */
export async function serveUntilExit(dataDir: string, options: ChildServerOptions = {}): Promise<ServeExit> {
  const child = spawnServe(dataDir, options);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.includes('"msg":"glide listening"')) child.kill('SIGKILL');
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code, lines: stdout.split('\n').filter((line) => line !== ''), stderr };
}

/**
 * `glide serve` as a real child process (run from source with tsx) on 127.0.0.1, an ephemeral HTTP
 * port, TCP disabled and `dataDir` as its data directory. Resolves once it logged "glide listening".
 */
export async function startChildServer(dataDir: string, options: ChildServerOptions = {}): Promise<ChildServer> {
  const child = spawnServe(dataDir, options);
  const lines: string[] = [];
  let stderr = '';
  let rest = '';
  let exitCode: number | null | undefined;
  let httpPort = 0;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    rest += chunk;
    const parts = rest.split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      if (httpPort !== 0) continue;
      try {
        const entry = JSON.parse(line) as { msg?: string; http?: string };
        if (entry.msg === 'glide listening' && entry.http) httpPort = Number(new URL(entry.http).port);
      } catch {
        // not a log line
      }
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', (code) => ((exitCode = code), resolve())));
  try {
    await waitFor(() => httpPort !== 0 || exitCode !== undefined, options.timeoutMs ?? 30_000, 'the child server to listen');
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  if (httpPort === 0) throw new Error(`child server exited with ${exitCode}: ${stderr}\n${lines.join('\n')}`);
  const stopWith = async (signal: NodeJS.Signals): Promise<void> => {
    if (exitCode === undefined) child.kill(signal);
    await exited;
  };
  return {
    process: child,
    httpPort,
    wsUrl: `ws://127.0.0.1:${httpPort}/ws`,
    lines,
    kill: () => stopWith('SIGKILL'),
    stop: () => stopWith('SIGTERM'),
  };
}
