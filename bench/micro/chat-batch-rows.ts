// The 1:1 writer batches the SQLite micro-benchmarks commit: partners 2k-1 ↔ 2k, both inboxes, both
// session lines and the receiver's device cursor, as the chat writer encodes them.
import { SESSION_TYPE } from '../../src/store/index.js';
/* eslint-disable-next-line no-restricted-imports -- the writer batch's encoding has no public face */
import { encodeChatBatch, type EncodedChatBatch } from '../../src/store/sql/sqlite-chat-batch.js';

type Rows = Parameters<typeof encodeChatBatch>;

export interface BatchSource {
  /** Next inbox seq per uid (index = uid). */
  seqs: Int32Array;
  /** The last mid used; advanced by each batch. */
  mid: number;
  startMs: number;
}

/** Batch of `size` messages from `sent` on; `senderOf(i)` picks the sender of message sent + i. */
export function chatBatch(source: BatchSource, sent: number, size: number, senderOf: (n: number) => number, content: () => string): EncodedChatBatch {
  const messages: Rows[0][number][] = [];
  const placements: Rows[1][number][] = [];
  const cursors: Rows[2][number][] = [];
  const { seqs, startMs } = source;
  for (let i = 0; i < size; i++) {
    const sender = senderOf(sent + i);
    const receiver = sender % 2 === 1 ? sender + 1 : sender - 1;
    const at = startMs + sent;
    const mid = ++source.mid;
    messages.push({ mid, sender, receiver, cliMid: `r1234.${sender}.${sent + i}`, cliSeq: 0, type: 1, content: content(), sendAt: at, createdAt: at });
    placements.push({
      inbox: [sender, receiver].map((uid) => ({ uid, seq: ++seqs[uid]! })),
      sessions: [
        { owner: sender, type: SESSION_TYPE.chat, peer: receiver, mid, unread: 0, at },
        { owner: receiver, type: SESSION_TYPE.chat, peer: sender, mid, unread: 1, at },
      ],
    });
    cursors.push({ uid: receiver, device: 1, seq: seqs[receiver]! - 1 });
  }
  return encodeChatBatch(messages, placements, cursors, startMs + sent);
}
