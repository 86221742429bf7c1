// Micro-bench: what the load generator's client costs per 1:1 message, without Glide. One bench worker's
// code (Connector + ChatDriver, every delivery, order and dup checked as in `glide bench chat`) runs here
// against a stand-in server in a child process that answers as Glide does per message: ack.message to the
// sender and message.chat to the receiver, the frames a connection gets in one turn in one write, then
// ack.notify to the sender on the receiver's ack.request. The stand-in does no storing, so it keeps up and
// the client's CPU per message is the figure (process CPU over the step, connects and warm-up excluded).
// Run: node --import tsx bench/micro/bench-client.ts [users] [rate per user] [seconds]
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { ACTIONS, codecFor, DIALECTS } from '../../src/protocol/index.js';
import { ChatDriver } from '../../src/bench/chat-driver.js';
import { Connector } from '../../src/bench/connector.js';
import type { ChatStep, WorkerPlan } from '../../src/bench/types.js';

const codec = codecFor('json');

/** The stand-in server: WebSocket upgrade, masked client frames in, unmasked frames out, one write per socket per turn. */
function serve(): void {
  const byUid = new Map<number, Conn>();
  class Conn {
    uid = 0;
    private seq = 0;
    private out: Buffer[] = [];
    private rest: Buffer | undefined;
    constructor(readonly socket: Socket) {}
    push(action: string, data: unknown, seq?: number): void {
      const text = codec.stamp(codec.prepare(DIALECTS.G2, { action, data }), seq ?? ++this.seq) as string;
      const payload = Buffer.from(text);
      const head = payload.length < 126 ? Buffer.from([0x81, payload.length]) : Buffer.from([0x81, 126, payload.length >> 8, payload.length & 0xff]);
      if (this.out.length === 0) setImmediate(() => this.flush());
      this.out.push(head, payload);
    }
    flush(): void {
      this.socket.write(Buffer.concat(this.out));
      this.out = [];
    }
    read(chunk: Buffer): void {
      let buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
      this.rest = undefined;
      while (buf.length >= 6) {
        let length = buf[1]! & 0x7f;
        let at = 2;
        if (length === 126) {
          length = buf.readUInt16BE(2);
          at = 4;
        }
        if (buf.length < at + 4 + length) break;
        const mask = buf.subarray(at, at + 4);
        const payload = Buffer.from(buf.subarray(at + 4, at + 4 + length));
        for (let i = 0; i < length; i++) payload[i] = payload[i]! ^ mask[i & 3]!;
        if ((buf[0]! & 0x0f) === 0x1) this.frame(payload.toString('utf8'));
        buf = buf.subarray(at + 4 + length);
      }
      if (buf.length > 0) this.rest = buf;
    }
    private frame(text: string): void {
      const { envelope } = codec.decode(text);
      const data = envelope.data as Record<string, unknown> | undefined;
      switch (envelope.action) {
        case ACTIONS.API_AUTH:
          this.uid = Number(data?.['Token']);
          byUid.set(this.uid, this);
          return this.push(ACTIONS.API_SUCCESS, { Uid: this.uid }, envelope.seq);
        case ACTIONS.MESSAGE_CHAT: {
          const mid = ++lastMid;
          const to = Number(data?.['to']);
          this.push(ACTIONS.ACK_MESSAGE, { cliMid: data?.['cliMid'], mid, seq: mid });
          byUid.get(to)?.push(ACTIONS.MESSAGE_CHAT, { ...data, mid, seq: mid, from: this.uid, to });
          return;
        }
        case ACTIONS.ACK_REQUEST:
          byUid.get(Number(data?.['from']))?.push(ACTIONS.ACK_NOTIFY, { mid: Number(data?.['mid']), from: this.uid });
      }
    }
  }
  let lastMid = 0;
  const http = createServer();
  http.on('upgrade', (req, socket: Socket) => {
    const accept = createHash('sha1').update(`${String(req.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.setNoDelay(true);
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    const conn = new Conn(socket);
    socket.on('data', (chunk: Buffer) => conn.read(chunk));
    socket.on('error', () => undefined);
  });
  http.listen(0, '127.0.0.1', () => process.send?.((http.address() as { port: number }).port));
  process.on('disconnect', () => process.exit(0));
}

async function client(): Promise<void> {
  const users = Number(process.argv[2] ?? 500);
  const rate = Number(process.argv[3] ?? 5);
  const seconds = Number(process.argv[4] ?? 10);
  const child = fork(new URL(import.meta.url).pathname, ['serve'], { execArgv: process.execArgv });
  const port = await new Promise<number>((resolve) => child.once('message', (p) => resolve(Number(p))));
  const plan: WorkerPlan = {
    workerIndex: 0,
    wsUrls: [`ws://127.0.0.1:${port}/ws`],
    target: 'glide',
    codec: 'json',
    users: Array.from({ length: users }, (_, i) => ({ uid: i + 1, token: String(i + 1), node: 0 })),
    sourceAddresses: ['127.0.0.1'],
    connectRate: 5000,
    connectConcurrency: 100,
    upgradeConcurrency: 100,
    heartbeatMs: 20_000,
    runTag: 'micro',
  };
  const connector = new Connector(plan);
  const opened = await connector.openAll(() => undefined);
  const step = (index: number, durationMs: number): ChatStep => ({ index, ratePerUser: rate, durationMs, drainMs: 2000, contentBytes: 64, maxMessagesPerUser: 100_000 });
  await new ChatDriver(plan, connector, step(0, 2000)).run();
  const cpu = process.cpuUsage();
  const r = await new ChatDriver(plan, connector, step(1, seconds * 1000)).run();
  const { user, system } = process.cpuUsage(cpu);
  const ok = r.lost === 0 && r.duplicated === 0 && r.outOfOrder === 0 && r.receipts === r.sent;
  console.log(
    `${opened.opened} users, ${Math.round(r.delivered / seconds)} msg/s: client ${(r.cpuMicros / r.delivered).toFixed(1)} µs per message (user ${(user / r.delivered).toFixed(1)}, system ${(system / r.delivered).toFixed(1)}) | sent ${r.sent} acked ${r.acked} delivered ${r.delivered} receipts ${r.receipts} ${ok ? 'ok' : 'NOT OK'} | loop p99 ${r.loopDelayMs.p99} ms, max ${r.loopDelayMs.max} ms`,
  );
  connector.closeAll();
  child.disconnect();
  setTimeout(() => process.exit(0), 200);
}

if (process.argv[2] === 'serve') serve();
else await client();
