import type { Codec, PreparedFrame } from '../protocol/index.js';

/** Frames per tick a connection's batch keeps room for between ticks. */
const KEPT_SLOTS = 64;

/**
 * A connection's frames of one tick, kept prepared and unstamped: the transport sizes its framing from
 * `lengthOf` and has each frame written straight into its one write buffer (`writeFrame`). A prepared
 * frame is shared by every connection it goes to, so a fan-out makes no string or bytes per connection
 * (measured hot path: group fan-out encoded and UTF-8-measured each member's frame three times before).
 */
export class FrameBatch {
  // Slots are reused from tick to tick: emptying an array by `length = 0` frees its backing store, so every
  // connection's next frame allocated three new ones (measured: ~450 B per frame in bench/micro/receipt-push.ts).
  private frames: (PreparedFrame | undefined)[] = [];
  private seqs: number[] = [];
  private lengths: number[] = [];
  private size = 0;
  /** Payload bytes of all frames, without transport framing. */
  bytes = 0;

  /** Set again each time a pooled batch is lent to a connection. */
  constructor(public codec: Codec) {}

  get count(): number {
    return this.size;
  }

  /** Adds a frame stamped with `seq` of `length` bytes (the codec's `stampedLength`). */
  add(frame: PreparedFrame, seq: number, length: number): void {
    const index = this.size++;
    this.frames[index] = frame;
    this.seqs[index] = seq;
    this.lengths[index] = length;
    this.bytes += length;
  }

  lengthOf(index: number): number {
    return this.lengths[index]!;
  }

  /**
   * Empties the batch for the next tick. The slots stay (no arrays per flush) but drop their frames, which
   * would keep their encoded bytes alive; a batch grown past KEPT_SLOTS (a sign-in sync) lets its arrays go.
   */
  clear(): void {
    if (this.size > KEPT_SLOTS) {
      this.frames = [];
      this.seqs = [];
      this.lengths = [];
    } else {
      // A loop, not fill(): fill is a C++ builtin, and its call cost more than the one to three slots a flush clears.
      for (let i = 0; i < this.size; i++) this.frames[i] = undefined;
    }
    this.size = 0;
    this.bytes = 0;
  }

  /** Writes frame `index` at `offset`; returns its length. */
  writeFrame(index: number, out: Uint8Array, offset: number): number {
    return this.codec.writeStamped(this.frames[index]!, this.seqs[index]!, out, offset);
  }
}
