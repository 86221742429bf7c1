// What presence costs a cluster per sign-in and per dead connection: N NatsPresence instances (one per
// "node", each on its own NATS connection) in one process; one adds K entries, 256 at a time (the sign-in
// gate's concurrency), until every instance's copy holds them; then another removes them as the janitor
// does. Prints the process's CPU per entry (the writer's put plus every instance's watch event).
// Needs nats-server on 127.0.0.1:4222. `npx tsx bench/micro/nats-presence.ts [nodes] [entries]`
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { connectNats } from '../../src/bus/index.js';
import { NatsPresence } from '../../src/presence/index.js';

const nodes = Number(process.argv[2] ?? 3);
const entries = Number(process.argv[3] ?? 10_000);
const log = pino({ level: 'warn' });
const prefix = `micro_${randomBytes(4).toString('hex')}`;
const conns = await Promise.all(Array.from({ length: nodes }, (_, i) => connectNats(log, { servers: 'nats://127.0.0.1:4222', name: `micro-${i}` })));
const presences = await Promise.all(conns.map((nc) => NatsPresence.create({ nc, log }, { prefix })));
const [writer] = presences as [NatsPresence, ...NatsPresence[]];

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
}

const uidBase = 1_000_000;
for (const round of [0, 1]) {
  const base = uidBase + round * entries;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < entries; i += 256) {
    await Promise.all(Array.from({ length: Math.min(256, entries - i) }, (_, j) => writer.add(base + i + j, 1, 1, base + i + j)));
  }
  await until(() => presences.every((p) => p.nodesOf(base + entries - 1).length === 1));
  const added = process.cpuUsage(cpu0);
  const t1 = performance.now();
  const cpu1 = process.cpuUsage();
  await presences[nodes > 1 ? 1 : 0]!.removeNode(1);
  await until(() => presences.every((p) => p.nodesOf(base + entries - 1).length === 0));
  const removed = process.cpuUsage(cpu1);
  const us = (c: NodeJS.CpuUsage): string => ((c.user + c.system) / entries).toFixed(1);
  console.log(`round ${round}: ${nodes} instances, ${entries} entries: add ${us(added)} µs CPU per entry (${((t1 - t0) / 1000).toFixed(1)} s), janitor delete ${us(removed)} µs per entry`);
}
await Promise.all(presences.map((p) => p.close()));
const { jetstreamManager } = await import('@nats-io/jetstream');
const jsm = await jetstreamManager(conns[0]!);
for await (const name of jsm.streams.names()) if (name.startsWith(`KV_${prefix}_`)) await jsm.streams.delete(name);
await Promise.all(conns.map((nc) => nc.close()));
