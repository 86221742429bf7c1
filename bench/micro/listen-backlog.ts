// A reconnect storm against a node whose event loop is busy: how long TCP connects take with the listen
// backlog Node uses by default (511) and with a larger one. A child process listens with BACKLOG and blocks
// its loop for BLOCK_MS right after each accept burst begins; this process opens COUNT connections at once.
// Connects beyond the accept queue have their handshake dropped and retried by the kernel after 1 s, 3 s, 7 s…
// `node --import tsx bench/micro/listen-backlog.ts 2500 511 2000` (count, backlog, block ms; ulimit -n above count).
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';

const count = Number(process.argv[2] ?? 2_500);
const backlog = Number(process.argv[3] ?? 511);
const blockMs = Number(process.argv[4] ?? 2_000);

const serverSource = `
const net = require('node:net');
let blocked = false;
const server = net.createServer((socket) => {
  if (!blocked) { blocked = true; const until = Date.now() + ${blockMs}; while (Date.now() < until); }
  socket.on('error', () => undefined);
});
server.listen({ port: 0, host: '127.0.0.1', backlog: ${backlog} }, () => process.stdout.write(String(server.address().port) + '\\n'));
`;
const child = spawn(process.execPath, ['-e', serverSource], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise<number>((resolve) => child.stdout.once('data', (data: Buffer) => resolve(Number(data.toString().trim()))));

const sockets: Socket[] = [];
const times: number[] = [];
const started = performance.now();
await Promise.all(
  Array.from({ length: count }, (_, i) => {
    return new Promise<void>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1', localAddress: `127.0.2.${2 + (i % 8)}` });
      sockets.push(socket);
      socket.once('connect', () => {
        times.push(performance.now() - started);
        resolve();
      });
      socket.once('error', () => resolve());
    });
  }),
);
times.sort((a, b) => a - b);
const at = (q: number): string => (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN).toFixed(0);
console.log(`backlog ${backlog}, ${count} connects, server loop blocked ${blockMs} ms: connected ${times.length}, ms p50 ${at(0.5)} p90 ${at(0.9)} p99 ${at(0.99)} max ${at(1)}`);
for (const socket of sockets) socket.destroy();
child.kill();
