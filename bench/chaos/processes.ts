/** Child processes and teardown for the chaos run: everything it starts is stopped by the Cleanup it registered with. */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../src/bench/processes.js';

const STEP_TIMEOUT_MS = 20_000;

/** Teardown steps, run newest first, each bounded; runs once however often it is asked for. */
export class Cleanup {
  private readonly steps: { name: string; run: () => Promise<void> | void }[] = [];
  private running: Promise<void> | undefined;

  add(name: string, run: () => Promise<void> | void): void {
    this.steps.push({ name, run });
  }

  runAll(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.splice(0).reverse()) {
        try {
          await Promise.race([Promise.resolve(step.run()), sleep(STEP_TIMEOUT_MS).then(() => Promise.reject(new Error('timed out')))]);
        } catch (err) {
          process.stderr.write(`chaos: cleanup "${step.name}" failed: ${err instanceof Error ? err.message : String(err)}\n`);
        }
      }
    })();
    return this.running;
  }
}

export { freePort } from '../../src/bench/processes.js';

const START_ATTEMPTS = 3;

/**
 * Runs `start` on a free port, again on a fresh one if it fails: the likeliest failure is another
 * process taking the port between freePort() and the bind.
 */
export async function startOnFreePort<T>(start: (port: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (err) {
      if (attempt === START_ATTEMPTS) throw err;
    }
  }
}

/** The last lines a process wrote, for the failure report (bounded: nodes log every connection). */
export class LineTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly limit = 300) {}

  /** Feeds a chunk; calls `onLine` for each complete line. */
  push(chunk: string, onLine?: (line: string) => void): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) {
      this.lines.push(line);
      if (this.lines.length > this.limit) this.lines.shift();
      onLine?.(line);
    }
  }

  recent(): readonly string[] {
    return this.lines;
  }
}

/** Runs a command to completion; rejects with its output when it fails or outlives `timeoutMs`. */
export function run(command: string, args: readonly string[], timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}: ${output.trim()}`));
    });
  });
}

/** Resolves once the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Sends `signal` and waits for the exit; SIGKILL after `graceMs` if it is still there. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs = 10_000): Promise<void> {
  const gone = exited(child);
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

/** Polls `check` until it returns true; rejects with `what` after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, intervalMs = 100): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
