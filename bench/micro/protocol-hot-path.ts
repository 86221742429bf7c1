// Micro-bench: the protocol work of one 1:1 message on the server (JSON codec, G2 dialect): decode the
// sender's message.chat and the receiver's ack.request, read both payloads, prepare ack.message,
// message.chat and ack.notify and write each into a buffer as the gateway does. Prints CPU and bytes
// allocated per message (the bytes from V8's sampling heap profiler with collected objects included, so
// it counts garbage too).
// Run: node --import tsx bench/micro/protocol-hot-path.ts [messages]
import { toWireChat } from '../../src/messaging/index.js';
import { codecFor, CODEC_NAMES, DIALECTS, readAckRequest, readChatMessage, sentAck, type PreparedFrame } from '../../src/protocol/index.js';
import { MESSAGE_STATUS } from '../../src/store/index.js';
import { measurePerOp } from './measure.js';

const codec = codecFor(CODEC_NAMES.JSON);
const frameOf = (action: string, data: unknown, seq: number): Buffer => Buffer.from(codec.stamp(codec.prepare(DIALECTS.G2, { action, data }), seq));
const chatIn = frameOf('message.chat', { cliMid: 'r1234.1.17.42', to: 18, type: 1, content: 'x'.repeat(64), sendAt: Date.now() }, 7);
const ackIn = frameOf('ack.request', { mid: 123_456_789_012, from: 17 }, 8);
let bytesOut = 0;
const out = Buffer.allocUnsafe(4096);

function oneMessage(i: number): void {
  const { envelope } = codec.decode(chatIn.toString('utf8'));
  const m = readChatMessage(envelope.data);
  const mid = 100_000_000 + i;
  const stored = { mid, sender: 17, receiver: m.to ?? 0, cliMid: m.cliMid ?? '', cliSeq: 0, type: m.type, content: m.content, sendAt: m.sendAt ?? 0, createdAt: 1, status: MESSAGE_STATUS.normal, recallBy: 0 };
  write(codec.prepare(DIALECTS.G2, sentAck(m, mid, i)), i);
  write(codec.prepare(DIALECTS.G2, { action: 'message.chat', data: toWireChat(stored, i) }), i);
  const receipt = readAckRequest(codec.decode(ackIn.toString('utf8')).envelope.data);
  write(codec.prepare(DIALECTS.G2, { action: 'ack.notify', data: { mid: receipt.mid, from: 18 } }), i);
}

/** What the gateway does with a queued frame: measures it, then writes it into the connection's buffer. */
function write(frame: PreparedFrame, seq: number): void {
  const length = codec.stampedLength(frame, seq);
  bytesOut += codec.writeStamped(frame, seq, out, 0);
  if (length > out.length) throw new Error('frame larger than the buffer');
}

const { nsCpu, bytesAllocated } = await measurePerOp(Number(process.argv[2] ?? 200_000), oneMessage);
console.log(`${nsCpu.toFixed(0)} ns CPU, ${bytesAllocated.toFixed(0)} B allocated per message (${bytesOut} bytes out)`);
