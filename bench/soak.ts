/**
 * Soak: one Glide server (the build in dist/) under `glide bench chat` for a long run, sampling its
 * RSS, heap, open file descriptors and active handles from /metrics every minute. A leak shows as a
 * column that keeps growing after the first minutes. Each minute also shows the server's longest
 * event-loop delay and its GC pauses over 100 ms, so a stall in the bench's latencies can be told
 * apart from the server's (the bench's report has the client's own event-loop delay). Usage:
 *   npm run build && npm run soak -- --users 1000 --rate 1 --duration 600 [--profile]
 * --profile writes the server's CPU profile to bench/out/profiles/ when it stops.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const SAMPLE_EVERY_MS = 60_000;
const GAUGES = {
  rssMb: 'glide_process_resident_memory_bytes',
  heapUsedMb: 'glide_nodejs_heap_size_used_bytes',
  openFds: 'glide_process_open_fds',
  handles: 'glide_nodejs_active_handles_total',
} as const;
/** prom-client samples the event-loop delay every 100 ms (metrics/registry.ts) and reports that interval in it. */
const LOOP_SAMPLE_MS = 100;
const LOOP_MAX = 'glide_nodejs_eventloop_lag_max_seconds';
const GC = 'glide_nodejs_gc_duration_seconds';
type Sample = { minute: number; loopMaxMs: number; gcOver100ms: number; majorGcs: number } & Record<keyof typeof GAUGES, number>;

const { values } = parseArgs({ options: { users: { type: 'string', default: '1000' }, rate: { type: 'string', default: '1' }, duration: { type: 'string', default: '600' }, port: { type: 'string', default: '18080' }, profile: { type: 'boolean', default: false } } });
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'glide-soak-'));

function metricValue(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : Number.NaN;
}

/** Cumulative GC pauses by kind: all of them over 100 ms, and the major ones. */
function gcCounts(text: string): { over100ms: number; majors: number } {
  let over100ms = 0;
  let majors = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(GC)) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith(`${GC}_count`)) {
      over100ms += value;
      if (line.includes('kind="major"')) majors += value;
    } else if (line.startsWith(`${GC}_bucket`) && line.includes('le="0.1"')) over100ms -= value;
  }
  return { over100ms, majors };
}

let lastGc = { over100ms: 0, majors: 0 };

async function sample(minute: number): Promise<Sample> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  const gc = gcCounts(text);
  const since = { gcOver100ms: gc.over100ms - lastGc.over100ms, majorGcs: gc.majors - lastGc.majors };
  lastGc = gc;
  return {
    minute,
    // Reset by each scrape: the longest delay of the minute.
    loopMaxMs: Math.max(0, Math.round(metricValue(text, LOOP_MAX) * 1000 - LOOP_SAMPLE_MS)),
    ...since,
    rssMb: mb(metricValue(text, GAUGES.rssMb)),
    heapUsedMb: mb(metricValue(text, GAUGES.heapUsedMb)),
    openFds: metricValue(text, GAUGES.openFds),
    handles: metricValue(text, GAUGES.handles),
  };
}

async function waitHealthy(): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const ok = await fetch(`${base}/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server at ${base} did not become healthy`);
}

const profileArgs = values.profile ? ['--cpu-prof', '--cpu-prof-dir', 'bench/out/profiles'] : [];
const server = spawn(process.execPath, [...profileArgs, 'dist/main.js', 'serve', '--host', '127.0.0.1', '--port', String(port), '--tcp-port', '-1', '--data', dataDir, '--log-level', 'warn'], { stdio: ['ignore', 'inherit', 'inherit'] });
const stopServer = () => server.kill('SIGTERM');
process.once('SIGINT', () => {
  stopServer();
  process.exit(130);
});
try {
  await waitHealthy();
  const samples: Sample[] = [await sample(0)];
  const bench = spawn(
    process.execPath,
    ['dist/main.js', 'bench', 'chat', '--url', base, '--server-pid', String(server.pid), '--users', values.users, '--rate', values.rate, '--duration', values.duration, '--warmup', '0', '--out', join(dataDir, 'out')],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const benchDone = new Promise<number | null>((resolve) => bench.once('exit', resolve));
  const timer = setInterval(() => {
    sample(samples.length)
      .then((s) => {
        samples.push(s);
        console.log(`soak minute ${s.minute}: RSS ${s.rssMb} MB, heap ${s.heapUsedMb} MB, fds ${s.openFds}, handles ${s.handles}, event-loop delay max ${s.loopMaxMs} ms, GC pauses > 100 ms ${s.gcOver100ms}`);
      })
      .catch((err: unknown) => console.error('soak sample failed', err));
  }, SAMPLE_EVERY_MS);
  const code = await benchDone;
  clearInterval(timer);
  samples.push({ ...(await sample(samples.length)), minute: samples.length });
  console.log('\n| minute | RSS MB | heap used MB | open fds | active handles | server event-loop delay max ms | GC pauses > 100 ms | major GCs |\n|---|---|---|---|---|---|---|---|');
  for (const s of samples) console.log(`| ${s.minute} | ${s.rssMb} | ${s.heapUsedMb} | ${s.openFds} | ${s.handles} | ${s.loopMaxMs} | ${s.gcOver100ms} | ${s.majorGcs} |`);
  if (code !== 0) process.exitCode = 1;
} finally {
  stopServer();
  rmSync(dataDir, { recursive: true, force: true });
}
