/**
 * A bench worker process (forked by the coordinator): owns a share of the users and their sockets,
 * and runs what the coordinator asks, one command at a time. Several of these spread the client's
 * CPU over the cores, so the client is not what limits a run.
 */
import { ChatDriver } from './chat-driver.js';
import { Connector } from './connector.js';
import { GroupDriver } from './group-driver.js';
import type { LatencyHistogram } from './histogram.js';
import type { ChatCounters, CoordinatorMessage, WorkerMessage, WorkerPlan } from './types.js';

const PROGRESS_MS = 1000;

let plan: WorkerPlan | undefined;
let connector: Connector | undefined;

function tell(message: WorkerMessage): void {
  process.send?.(message);
}

async function handle(message: CoordinatorMessage): Promise<void> {
  switch (message.type) {
    case 'plan':
      plan = message.plan;
      connector = new Connector(plan);
      return;
    case 'connect': {
      const result = await need(connector).openAll(() => undefined);
      tell({ type: 'connected', result });
      return;
    }
    case 'hold':
      tell({ type: 'held', result: await need(connector).hold(message.durationMs) });
      return;
    case 'chat': {
      const driver = new ChatDriver(need(plan), need(connector), message.step);
      tell({ type: 'chatDone', result: await withProgress(driver, () => driver.run()) });
      return;
    }
    case 'group': {
      const driver = new GroupDriver(need(plan), need(connector), message.step);
      tell({ type: 'groupDone', result: await withProgress(driver, () => driver.run()) });
      return;
    }
    case 'close':
      connector?.closeAll();
      // Give the close frames a moment to leave, then go.
      setTimeout(() => process.exit(0), 200).unref();
      process.disconnect?.();
      return;
  }
}

/** Reports counters and the last second's delivery latencies while a step runs. */
async function withProgress<T>(driver: { progress: ChatCounters; window: LatencyHistogram }, run: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => {
    tell({ type: 'progress', counters: driver.progress, window: driver.window.toSparse(), connections: need(connector).openCount });
    driver.window.reset();
  }, PROGRESS_MS);
  try {
    return await run();
  } finally {
    clearInterval(timer);
  }
}

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('bench worker: command before plan');
  return value;
}

// Commands run one after another; a failure is reported and the coordinator decides.
let queue = Promise.resolve();
process.on('message', (message: CoordinatorMessage) => {
  queue = queue.then(() => handle(message)).catch((err: unknown) => tell({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
});
process.on('disconnect', () => {
  connector?.closeAll();
  setTimeout(() => process.exit(0), 200).unref();
});
