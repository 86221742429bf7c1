/** The coordinator's handle on its worker processes: fork, send commands, gather replies. */
import { fork, type ChildProcess } from 'node:child_process';
import type { CoordinatorMessage, WorkerMessage, WorkerPlan } from './types.js';

type Reply<K extends WorkerMessage['type']> = Extract<WorkerMessage, { type: K }>;

/** Running from TypeScript sources (tsx, vitest) needs the tsx loader in every child. */
export function isRunningFromSource(): boolean {
  return import.meta.url.endsWith('.ts');
}

/** The path and node arguments to run one of our modules (relative to this folder, no extension) in a child. */
export function childModule(relative: string): { path: string; execArgv: string[] } {
  const ext = isRunningFromSource() ? '.ts' : '.js';
  return { path: new URL(`${relative}${ext}`, import.meta.url).pathname, execArgv: isRunningFromSource() ? ['--import', 'tsx'] : [] };
}

export class WorkerPool {
  private readonly waiting = new Map<ChildProcess, (message: WorkerMessage) => void>();
  onProgress: (workerIndex: number, message: Reply<'progress'>) => void = () => undefined;

  private constructor(private readonly children: ChildProcess[]) {
    children.forEach((child, index) => {
      child.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress') return this.onProgress(index, message);
        const waiter = this.waiting.get(child);
        this.waiting.delete(child);
        waiter?.(message);
      });
      child.on('exit', (code) => {
        const waiter = this.waiting.get(child);
        this.waiting.delete(child);
        waiter?.({ type: 'failed', error: `worker ${index} exited with code ${code ?? 'signal'}` });
      });
    });
  }

  static start(plans: WorkerPlan[]): WorkerPool {
    const { path, execArgv } = childModule('./worker');
    const children = plans.map((plan) => {
      const child = fork(path, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      child.send({ type: 'plan', plan } satisfies CoordinatorMessage);
      return child;
    });
    return new WorkerPool(children);
  }

  get size(): number {
    return this.children.length;
  }

  /** Sends a command (the same, or one per worker index) to every worker; resolves with each one's reply. */
  async all<K extends WorkerMessage['type']>(command: CoordinatorMessage | ((worker: number) => CoordinatorMessage), expected: K): Promise<Reply<K>[]> {
    const replies = await Promise.all(
      this.children.map(
        (child, index) =>
          new Promise<WorkerMessage>((resolve) => {
            this.waiting.set(child, resolve);
            child.send(typeof command === 'function' ? command(index) : command);
          }),
      ),
    );
    const failure = replies.find((reply) => reply.type === 'failed');
    if (failure && failure.type === 'failed') throw new Error(`bench worker failed: ${failure.error}`);
    const wrong = replies.find((reply) => reply.type !== expected);
    if (wrong) throw new Error(`bench worker answered ${wrong.type}, expected ${expected}`);
    return replies as Reply<K>[];
  }

  /** Asks the workers to close their sockets and waits (briefly) for them to exit. */
  async close(): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => {
              child.kill('SIGKILL');
              resolve();
            }, 3000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            if (child.connected) child.send({ type: 'close' } satisfies CoordinatorMessage);
            else child.kill('SIGTERM');
          }),
      ),
    );
  }
}
