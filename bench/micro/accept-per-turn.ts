// How many queued connections a Node server accepts per event-loop turn, and so how fast a busy node drains
// its accept queue. A child process opens COUNT connections while this loop is blocked (the kernel completes
// every handshake into the listener's queue); then each turn does TURN_MS of other work (a busy node's reads,
// sign-ins, timers) and the 'connection' events are counted per turn.
// libuv ≥ 1.45 (Node 20) accepts one connection per turn: accepts/s ≈ 1000 / TURN_MS, whatever the queue holds.
// `node --import tsx bench/micro/accept-per-turn.ts 1000 5` (count, work per turn in ms).
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';

const count = Number(process.argv[2] ?? 1_000);
const turnMs = Number(process.argv[3] ?? 5);

let accepted = 0;
let thisTurn = 0;
const server = createServer((socket) => {
  accepted++;
  thisTurn++;
  socket.on('error', () => undefined);
});
await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
const { port } = server.address() as AddressInfo;

const clientSource = `
const net = require('node:net');
let connected = 0;
for (let i = 0; i < ${count}; i++) net.connect(${port}, '127.0.0.1').on('connect', () => { if (++connected === ${count}) process.stdout.write('connected\\n'); }).on('error', () => undefined);
setTimeout(() => undefined, 60_000);
`;
const client = spawn(process.execPath, ['-e', clientSource], { stdio: ['ignore', 'pipe', 'inherit'] });
// Blocked: the client's handshakes all complete in the kernel, none is accepted yet.
const until = Date.now() + 3_000;
while (Date.now() < until);

const perTurn: number[] = [];
const started = performance.now();
await new Promise<void>((resolve) => {
  const turn = (): void => {
    perTurn.push(thisTurn);
    thisTurn = 0;
    if (accepted >= count) return resolve();
    const busyUntil = performance.now() + turnMs;
    while (performance.now() < busyUntil);
    setImmediate(turn);
  };
  setImmediate(turn);
});
const elapsedMs = performance.now() - started;
console.log(`${process.version} libuv ${process.versions.uv}: ${accepted} accepted in ${perTurn.length} turns, at most ${Math.max(...perTurn)} per turn; ${elapsedMs.toFixed(0)} ms with ${turnMs} ms of work per turn → ${((accepted * 1000) / elapsedMs).toFixed(0)} accepts/s`);
client.kill();
server.close();
