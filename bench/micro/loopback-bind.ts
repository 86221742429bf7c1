// What one bench connect costs the client as its source address fills up: every open binds
// (127.0.1.x, port 0) before it connects, and Linux looks for a free port among those the address holds.
// `node --import tsx bench/micro/loopback-bind.ts 16000 1` (total sockets, source addresses; ulimit -n above the total).
// Prints per 2,000 opens the wall time and the process's user and system CPU per open (the bind runs on the event loop).
import { connect, createServer, type Socket } from 'node:net';

const total = Number(process.argv[2] ?? 16_000);
const addresses = Number(process.argv[3] ?? 1);
const BATCH = 2_000;

const server = createServer(() => undefined);
server.listen(0, '127.0.0.1', () => {
  void (async () => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const sockets: Socket[] = [];
    let cpu = process.cpuUsage();
    let started = performance.now();
    for (let i = 0; i < total; i++) {
      sockets.push(connect({ port: address.port, host: '127.0.0.1', localAddress: `127.0.1.${2 + (i % addresses)}` }).on('error', () => undefined));
      if ((i + 1) % BATCH !== 0) continue;
      // The bind runs in a next tick of net.connect: let it run before reading the clock.
      await new Promise((resolve) => setImmediate(resolve));
      const used = process.cpuUsage(cpu);
      const perOpen = (micros: number): string => (micros / BATCH / 1000).toFixed(3);
      console.log(`${i + 1} sockets: wall ${((performance.now() - started) / BATCH).toFixed(3)} ms, user ${perOpen(used.user)} ms, system ${perOpen(used.system)} ms per open`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      cpu = process.cpuUsage();
      started = performance.now();
    }
    for (const socket of sockets) socket.destroy();
    server.close();
  })();
});
