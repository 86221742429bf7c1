/**
 * Soak: one Glide server (the build in dist/) under `glide bench chat` for a long run, sampling its
 * RSS, heap, open file descriptors and active handles from /metrics every minute. A leak shows as a
 * column that keeps growing after the first minutes. Usage:
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
type Sample = { minute: number } & Record<keyof typeof GAUGES, number>;

const { values } = parseArgs({ options: { users: { type: 'string', default: '1000' }, rate: { type: 'string', default: '1' }, duration: { type: 'string', default: '600' }, port: { type: 'string', default: '18080' }, profile: { type: 'boolean', default: false } } });
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'glide-soak-'));

function metricValue(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : Number.NaN;
}

async function sample(minute: number): Promise<Sample> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  return {
    minute,
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
        console.log(`soak minute ${s.minute}: RSS ${s.rssMb} MB, heap ${s.heapUsedMb} MB, fds ${s.openFds}, handles ${s.handles}`);
      })
      .catch((err: unknown) => console.error('soak sample failed', err));
  }, SAMPLE_EVERY_MS);
  const code = await benchDone;
  clearInterval(timer);
  samples.push({ ...(await sample(samples.length)), minute: samples.length });
  console.log('\n| minute | RSS MB | heap used MB | open fds | active handles |\n|---|---|---|---|---|');
  for (const s of samples) console.log(`| ${s.minute} | ${s.rssMb} | ${s.heapUsedMb} | ${s.openFds} | ${s.handles} |`);
  if (code !== 0) process.exitCode = 1;
} finally {
  stopServer();
  rmSync(dataDir, { recursive: true, force: true });
}
