// Micro-bench: why the 1:1 path builds its per-message objects field by field. On Node 20 an object spread
// followed by more fields (`{ ...m, status, recallBy }`, the stored message the chat writer used to answer) and
// a spread of a conditional literal (`{ ...(cliMid ? { cliMid } : {}), mid, seq }`, the old ack.message data) take
// V8's slow path on every call. Prints ns CPU per call of each old form and of its replacement, alternated.
// Run: node --import tsx bench/micro/object-spread.ts [calls]
import { codecFor, CODEC_NAMES, DIALECTS, readChatMessage, sentAck, type ChatMessage as WireChat } from '../../src/protocol/index.js';
import { storedChatMessage, type NewChatMessage } from '../../src/store/index.js';

const calls = Number(process.argv[2] ?? 500_000);
const drafts: Omit<NewChatMessage, 'inbox'>[] = Array.from({ length: 64 }, (_, i) => ({ mid: 1e11 + i, sender: i, receiver: i + 1, cliMid: `r1.${i}`, cliSeq: 0, type: 1, content: 'x'.repeat(64), sendAt: 1, createdAt: 2 }));
const wire: WireChat = readChatMessage({ cliMid: 'r1234.1.17.42', to: 18, type: 1, content: 'x'.repeat(64), sendAt: 1 });
const codec = codecFor(CODEC_NAMES.JSON);
let sink = 0;

const forms = {
  'stored message, spread + fields (old)': (i: number) => ({ ...drafts[i & 63]!, status: 0, recallBy: 0 }).mid,
  'stored message, storedChatMessage': (i: number) => storedChatMessage(drafts[i & 63]!).mid,
  'ack.message prepared, spread data (old)': (i: number) =>
    codec.stampedLength(codec.prepare(DIALECTS.G2, { action: 'ack.message', data: { ...(wire.cliMid ? { cliMid: wire.cliMid } : {}), mid: 1e11 + i, seq: i } }), i),
  'ack.message prepared, sentAck': (i: number) => codec.stampedLength(codec.prepare(DIALECTS.G2, sentAck(wire, 1e11 + i, i)), i),
};

function nsPerCall(form: (i: number) => number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) sink += form(i);
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / calls;
}

for (const form of Object.values(forms)) nsPerCall(form);
for (let round = 1; round <= 3; round++) console.log(`round ${round}: ${Object.entries(forms).map(([name, form]) => `${name} ${nsPerCall(form).toFixed(0)} ns`).join('; ')}`);
if (sink === 0) console.log('(nothing computed)');
