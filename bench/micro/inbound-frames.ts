// Micro-bench: the gateway's inbound work per 1:1 message without the socket read: a real Gateway,
// ActionRouter and ActionBudget with 1,000 signed-in connections; per message the sender's
// `message.chat` and the receiver's `ack.request` arrive as ws hands them over (Buffers) and are
// decoded, charged, routed and their payloads read (readChatMessage, decodeReceipt), as the chat and
// receipt routes do first. Prints CPU and bytes allocated per message (sampling heap profiler,
// collected objects included).
// Run: node --import tsx bench/micro/inbound-frames.ts [messages] [buffer|string] (string: frames handed over
// as text, as the ws transport did before it passed the Buffer through)
import { DEFAULTS } from '../../src/config/index.js';
import { DIALECTS, decodeReceipt, readChatMessage } from '../../src/protocol/index.js';
import { measurePerOp } from './measure.js';
import { signedInGateway } from './signed-in-gateway.js';

// Unlimited budgets: the bench measures the charge, not refusals.
const { clock, gateway, router, codec, connAt } = signedInGateway({ ...DEFAULTS.messaging, maxMessagesPerSecond: 1e12, maxBytesPerSecond: 1e15, maxAcksPerSecond: 1e12 });
let sum = 0;
router.on('message.chat', (_conn, envelope) => void (sum += readChatMessage(envelope.data).content.length));
router.on('ack.request', (conn, envelope) => {
  const receipt = decodeReceipt(conn.dialect, 'ack.request', envelope.data);
  if (receipt.kind === 'chat.delivered') sum += receipt.mid;
});
gateway.setHandler(router);
const frameOf = (action: string, data: unknown, seq: number): Buffer => Buffer.from(codec.stamp(codec.prepare(DIALECTS.G2, { action, data }), seq));
const chats = Array.from({ length: 64 }, (_, i) => frameOf('message.chat', { cliMid: `r1234.1.17.${i}`, to: 18, type: 1, content: 'x'.repeat(64), sendAt: 1_700_000_000_000 + i }, i + 7));
const acks = Array.from({ length: 64 }, (_, i) => frameOf('ack.request', { mid: 123_456_789_012 + i, from: 17 }, i + 8));

const asText = process.argv[3] === 'string';
function oneMessage(i: number): void {
  clock.advance(1);
  const chat = chats[i & 63]!;
  const ack = acks[i & 63]!;
  gateway.receive(connAt(i), asText ? chat.toString('utf8') : chat);
  gateway.receive(connAt(i + 1), asText ? ack.toString('utf8') : ack);
}

const { nsCpu, bytesAllocated } = await measurePerOp(Number(process.argv[2] ?? 300_000), oneMessage);
console.log(`${nsCpu.toFixed(0)} ns CPU, ${bytesAllocated.toFixed(0)} B allocated per message (checksum ${sum > 0})`);
await gateway.close(0);
