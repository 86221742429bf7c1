import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { WriteGate } from './write-gate.js';

describe('WriteGate', () => {
  it('is held by one holder at a time and gives up waiting after its limit', () => {
    const word = WriteGate.createWord();
    const gate = new WriteGate(word, 20);
    expect(gate.acquire()).toBe(true);
    expect(new WriteGate(word, 20).acquire()).toBe(false);
    expect(gate.release()).toBe(true);
    expect(gate.acquire()).toBe(true);
    WriteGate.reset(word);
    expect(gate.acquire()).toBe(true);
    expect(gate.release()).toBe(false);
  });

  it('wakes a thread waiting for it when the holder lets it go', async () => {
    const word = WriteGate.createWord();
    const gate = new WriteGate(word);
    expect(gate.acquire()).toBe(true);
    // The other thread spins the same futex protocol on the shared word: taken (2: held, waited for), then free.
    const worker = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const w = workerData;
       while (Atomics.compareExchange(w, 0, 0, 2) !== 0) { Atomics.compareExchange(w, 0, 1, 2); Atomics.wait(w, 0, 2, 5000); }
       parentPort.postMessage('held');`,
      { eval: true, workerData: word },
    );
    const held = new Promise((resolve) => worker.once('message', resolve));
    // Until the other thread has marked the gate as waited for.
    while (Atomics.load(word, 0) !== 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(gate.release()).toBe(true);
    await expect(held).resolves.toBe('held');
    expect(Atomics.load(word, 0)).not.toBe(0);
    await worker.terminate();
  });
});
