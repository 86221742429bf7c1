/** Slots the table starts with; it doubles up to its bound as messages come. */
const FIRST_CAPACITY = 1024;
const NOT_FOUND = -1;

/**
 * The receipt state of the newest messages by mid (sender, receiver, whether the sender was told), bounded:
 * once full, each new mid evicts the oldest one set. Kept in typed arrays (a ring of slots and an
 * open-addressing index of them) rather than an object per message in a Map: a message's state lives for
 * minutes, so as objects each one survived the young generation and was copied into old space (a key
 * HeapNumber and a record per message), and every mark-compact traced them all. Here nothing is allocated
 * per message and the GC has nothing to trace.
 *
 * A slot number (from `find` or `add`) names a message until the next `add`, which may evict it.
 */
export class ReceiptTable {
  private mids = new Float64Array(0);
  private senders = new Int32Array(0);
  private receivers = new Int32Array(0);
  private notified = new Uint8Array(0);
  /** Slot + 1 per index position, 0 when free; linear probing, at most half full. */
  private index = new Int32Array(0);
  private mask = 0;
  private count = 0;
  /** The slot the next `add` writes: the oldest one once the ring is full. */
  private next = 0;

  constructor(private readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error(`a receipt table holds at least one entry, got ${maxEntries}`);
    this.resize(Math.min(FIRST_CAPACITY, maxEntries));
  }

  get size(): number {
    return this.count;
  }

  /** The slot holding `mid`, or -1. */
  find(mid: number): number {
    if (this.count === 0) return NOT_FOUND;
    const { index, mids, mask } = this;
    for (let i = hashOf(mid) & mask; ; i = (i + 1) & mask) {
      const entry = index[i]!;
      if (entry === 0) return NOT_FOUND;
      if (mids[entry - 1] === mid) return entry - 1;
    }
  }

  has(mid: number): boolean {
    return this.find(mid) !== NOT_FOUND;
  }

  /** Sets a message's state and answers its slot (a mid already present is updated in place, keeping its age). */
  add(mid: number, sender: number, receiver: number, isNotified: boolean): number {
    let slot = this.find(mid);
    if (slot === NOT_FOUND) {
      if (this.count === this.mids.length && this.count < this.maxEntries) this.resize(Math.min(this.count * 2, this.maxEntries));
      slot = this.next;
      if (this.count === this.mids.length) this.unindex(slot);
      else this.count++;
      this.next = slot + 1 === this.mids.length ? 0 : slot + 1;
      this.mids[slot] = mid;
      this.indexSlot(slot);
    }
    this.senders[slot] = sender;
    this.receivers[slot] = receiver;
    this.notified[slot] = isNotified ? 1 : 0;
    return slot;
  }

  sender(slot: number): number {
    return this.senders[slot]!;
  }

  receiver(slot: number): number {
    return this.receivers[slot]!;
  }

  isNotified(slot: number): boolean {
    return this.notified[slot] === 1;
  }

  markNotified(slot: number): void {
    this.notified[slot] = 1;
  }

  private indexSlot(slot: number): void {
    const { index, mask } = this;
    let i = hashOf(this.mids[slot]!) & mask;
    while (index[i] !== 0) i = (i + 1) & mask;
    index[i] = slot + 1;
  }

  /** Takes a slot's mid out of the index, moving later entries of its probe run back (no tombstones). */
  private unindex(slot: number): void {
    const { index, mids, mask } = this;
    let hole = hashOf(mids[slot]!) & mask;
    while (index[hole] !== slot + 1) hole = (hole + 1) & mask;
    for (let i = (hole + 1) & mask; index[i] !== 0; i = (i + 1) & mask) {
      const home = hashOf(mids[index[i]! - 1]!) & mask;
      // The entry at i may fill the hole when its home is not cyclically within (hole, i].
      const isReachable = hole <= i ? home > hole && home <= i : home > hole || home <= i;
      if (isReachable) continue;
      index[hole] = index[i]!;
      hole = i;
    }
    index[hole] = 0;
  }

  /** Grows to `capacity` slots (only before the ring first wraps, so slots are in insertion order). */
  private resize(capacity: number): void {
    const grow = <T extends Float64Array | Int32Array | Uint8Array>(old: T, made: T): T => {
      made.set(old);
      return made;
    };
    this.mids = grow(this.mids, new Float64Array(capacity));
    this.senders = grow(this.senders, new Int32Array(capacity));
    this.receivers = grow(this.receivers, new Int32Array(capacity));
    this.notified = grow(this.notified, new Uint8Array(capacity));
    let size = 2;
    while (size < capacity * 2) size *= 2;
    this.index = new Int32Array(size);
    this.mask = size - 1;
    this.next = this.count === capacity ? 0 : this.count;
    for (let slot = 0; slot < this.count; slot++) this.indexSlot(slot);
  }
}

/** Mixes both halves of a mid (53 bits: milliseconds above a node and a counter) into 32 bits. */
function hashOf(mid: number): number {
  let h = Math.imul((mid >>> 0) ^ Math.imul(Math.floor(mid / 4294967296), 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 13);
}
