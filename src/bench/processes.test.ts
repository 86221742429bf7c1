import { describe, expect, it } from 'vitest';
import { cleanupOnInterrupt, spawnRelay, stopAllChildren } from './processes.js';

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('an interrupted bench', () => {
  it('runs the cleanups still registered once its children are gone, and not those the run took back', async () => {
    const relay = await spawnRelay();
    const ran: string[] = [];
    cleanupOnInterrupt(() => {
      ran.push(isAlive(relay.pid) ? 'owed, child alive' : 'owed');
      return Promise.resolve();
    });
    const forget = cleanupOnInterrupt(() => {
      ran.push('taken back');
      return Promise.resolve();
    });
    forget();
    cleanupOnInterrupt(() => Promise.reject(new Error('NATS down')));
    await stopAllChildren();
    expect(ran).toEqual(['owed']);
  }, 30_000);
});
