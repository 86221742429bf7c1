// Micro-bench: what Node's socket layer costs the server per small read and per small write, user and system
// CPU apart (the app excluded). This process accepts N loopback TCP connections from a child process; in
// `read` mode the child sends 120-byte chunks spread over the sockets at `rate`/s and this side only counts
// them ('data' listeners, as the gateway reads); in `write` mode this side writes one 120-byte buffer per
// socket per turn at `rate`/s (socket.write, as a batch's flush does) and the child drains.
// Run: node --import tsx bench/micro/socket-io.ts [read|write] [seconds] [rate/s] [sockets]
import { fork } from 'node:child_process';
import { createConnection, createServer, type Socket } from 'node:net';

const CHUNK = 120;
const TICK_MS = 5;

if (process.argv[2] === 'child') {
  const [, , , port, count, mode, rate] = process.argv;
  const sockets: Socket[] = [];
  for (let i = 0; i < Number(count); i++) {
    const socket = createConnection({ port: Number(port), host: '127.0.0.1', noDelay: true });
    socket.on('data', () => undefined);
    sockets.push(socket);
  }
  if (mode === 'read') {
    const chunk = Buffer.alloc(CHUNK, 0x61);
    let sent = 0;
    const started = performance.now();
    setInterval(() => {
      const due = Math.floor(((performance.now() - started) * Number(rate)) / 1000) - sent;
      for (let k = 0; k < due; k++, sent++) sockets[sent % sockets.length]!.write(chunk);
    }, TICK_MS);
  }
  process.on('message', () => process.exit(0));
} else {
  const mode = process.argv[2] ?? 'read';
  const seconds = Number(process.argv[3] ?? 5);
  const rate = Number(process.argv[4] ?? 10_000);
  const count = Number(process.argv[5] ?? 1000);
  const accepted: Socket[] = [];
  let reads = 0;
  const server = createServer({ noDelay: true }, (socket) => {
    socket.on('data', () => reads++);
    accepted.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const child = fork(new URL(import.meta.url).pathname, ['child', String(port), String(count), mode, String(rate)], { execArgv: process.execArgv });
  while (accepted.length < count) await new Promise((resolve) => setTimeout(resolve, 20));
  let writes = 0;
  const chunk = Buffer.alloc(CHUNK, 0x62);
  const run = async (durationS: number): Promise<void> => {
    const started = performance.now();
    const base = writes;
    while (performance.now() - started < durationS * 1000) {
      if (mode === 'write') {
        const due = Math.floor(((performance.now() - started) * rate) / 1000) - (writes - base);
        for (let k = 0; k < due; k++, writes++) accepted[writes % count]!.write(Buffer.from(chunk));
      }
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    }
  };
  await run(1);
  const cpu = process.cpuUsage();
  const before = { reads, writes };
  await run(seconds);
  const used = process.cpuUsage(cpu);
  const ops = mode === 'write' ? writes - before.writes : reads - before.reads;
  console.log(`${mode}: ${ops} ops, user ${(used.user / ops).toFixed(2)} µs, system ${(used.system / ops).toFixed(2)} µs per ${mode === 'write' ? 'write' : 'read'} (whole process, timers included)`);
  child.send('stop');
  for (const socket of accepted) socket.destroy();
  server.close();
}
