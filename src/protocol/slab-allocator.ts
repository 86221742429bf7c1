const utf8Encoder = new TextEncoder();

/**
 * Hands out small byte arrays as views of an 8 KiB slab: a fresh small Uint8Array costs ~10x more (it
 * gets its own backing store). Like Node's Buffer pool, a view kept alive keeps its slab alive.
 * Plain Uint8Array and TextEncoder, not Buffer: the protocol also runs in the browser client.
 */
export class SlabAllocator {
  private static readonly SLAB_BYTES = 8 * 1024;
  private static readonly MAX_POOLED_BYTES = 1024;
  private slab = new Uint8Array(SlabAllocator.SLAB_BYTES);
  private used = 0;

  allocate(length: number): Uint8Array {
    if (length > SlabAllocator.MAX_POOLED_BYTES) return new Uint8Array(length);
    const out = this.reserve(length).subarray(0, length);
    this.take(length);
    return out;
  }

  /** `text` as UTF-8 (at most 3 bytes per UTF-16 unit, so short texts are encoded straight into the slab). */
  encodeUtf8(text: string): Uint8Array {
    const room = text.length * 3;
    if (room > SlabAllocator.MAX_POOLED_BYTES) return utf8Encoder.encode(text);
    const { written } = utf8Encoder.encodeInto(text, this.reserve(room));
    const out = this.slab.subarray(this.used, this.used + written);
    this.take(written);
    return out;
  }

  /** The free part of the slab, with at least `length` bytes (a new slab when the current one is short). */
  private reserve(length: number): Uint8Array {
    if (this.used + length > this.slab.length) {
      this.slab = new Uint8Array(SlabAllocator.SLAB_BYTES);
      this.used = 0;
    }
    return this.slab.subarray(this.used);
  }

  private take(length: number): void {
    // Keep views 8-byte aligned.
    this.used += (length + 7) & ~7;
  }
}
