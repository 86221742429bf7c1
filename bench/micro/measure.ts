// What the micro-benchmarks print: CPU per operation (timed after a warm-up of the same count) and bytes
// allocated per operation (V8's sampling heap profiler over a quarter of the count, collected objects included).
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  selfSize: number;
  children: ProfileNode[];
}

const totalBytes = (node: ProfileNode): number => node.children.reduce((sum, child) => sum + totalBytes(child), node.selfSize);

/** Runs `run(0…count-1)` three times (warm-up, timed, sampled); a synchronous `run` is never awaited. */
export async function measurePerOp(count: number, run: (i: number) => void | Promise<void>): Promise<{ nsCpu: number; bytesAllocated: number }> {
  const all = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i++) {
      const pending = run(i);
      if (pending) await pending;
    }
  };
  await all(count);
  const cpu0 = process.cpuUsage();
  await all(count);
  const cpu = process.cpuUsage(cpu0);
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const sampled = Math.max(1, Math.floor(count / 4));
  await all(sampled);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  return { nsCpu: ((cpu.user + cpu.system) * 1000) / count, bytesAllocated: totalBytes(profile.head as ProfileNode) / sampled };
}
