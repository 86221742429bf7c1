// Allocation probe for a spawned bench server: the first SIGUSR2 starts V8's sampling heap profiler
// (collected objects included, so garbage counts), the second writes the profile to ALLOC_PROF_OUT.
// BENCH_SERVER_NODE_ARGS="--import ./bench/micro/alloc-probe.ts" ALLOC_PROF_OUT=/tmp/a.heapprofile npm run bench -- chat --spawn …
// then `kill -USR2 <server pid>` when the step starts and again when it has drained.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  let session: Session | undefined;
  process.on('SIGUSR2', () => {
    void (async () => {
      if (!session) {
        session = new Session();
        session.connect();
        await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
        return;
      }
      const { profile } = await session.post('HeapProfiler.stopSampling');
      writeFileSync(process.env['ALLOC_PROF_OUT'] ?? `alloc-${process.pid}.heapprofile`, JSON.stringify(profile));
      session.disconnect();
      session = undefined;
    })();
  });
}
