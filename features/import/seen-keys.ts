// The natural keys an upload has shown so far, for finding a key that appears
// twice while the rows stream past, without keeping the keys themselves: each
// key is kept as a 128-bit fingerprint with where it first appeared, in typed
// arrays outside the JavaScript heap: 60 to 120 bytes a record, whatever the
// keys hold. Two different keys of real data sharing a fingerprint is far less
// likely than a hardware fault; the fingerprint is not cryptographic, so a file
// crafted to collide could at worst see two of its own rows called duplicates.

/** Where a key first appeared: the file (its index among the uploads), the record's number and its line. */
export interface FirstSeen {
  file: number;
  record: number;
  line: number;
}

const FIELDS = 7; // four fingerprint words, file, record, line
const INITIAL_SLOTS = 1 << 12;

export class SeenKeys {
  private slots = INITIAL_SLOTS;
  private table = new Uint32Array(INITIAL_SLOTS * FIELDS);
  private used = new Uint8Array(INITIAL_SLOTS);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Records `key` as seen at `at`; returns where it was first seen when it was already there. */
  see(key: string, at: FirstSeen): FirstSeen | null {
    const [a, b, c, d] = fingerprint(key);
    const found = this.find(a, b, c, d);
    if (this.used[found] === 1) {
      const base = found * FIELDS;
      return { file: this.table[base + 4] ?? 0, record: this.table[base + 5] ?? 0, line: this.table[base + 6] ?? 0 };
    }
    this.put(found, a, b, c, d, at.file, at.record, at.line);
    this.count++;
    if (this.count * 2 > this.slots) this.grow();
    return null;
  }

  /** The slot holding the fingerprint, or the empty slot where it belongs (linear probing). */
  private find(a: number, b: number, c: number, d: number): number {
    const mask = this.slots - 1;
    for (let slot = a & mask; ; slot = (slot + 1) & mask) {
      if (this.used[slot] === 0) return slot;
      const base = slot * FIELDS;
      const t = this.table;
      if (t[base] === a && t[base + 1] === b && t[base + 2] === c && t[base + 3] === d) return slot;
    }
  }

  private put(slot: number, ...values: number[]): void {
    this.used[slot] = 1;
    this.table.set(values, slot * FIELDS);
  }

  private grow(): void {
    const { table, used, slots } = this;
    this.slots = slots * 2;
    this.table = new Uint32Array(this.slots * FIELDS);
    this.used = new Uint8Array(this.slots);
    for (let slot = 0; slot < slots; slot++) {
      if (used[slot] !== 1) continue;
      const entry = table.subarray(slot * FIELDS, (slot + 1) * FIELDS);
      const free = this.find(entry[0] ?? 0, entry[1] ?? 0, entry[2] ?? 0, entry[3] ?? 0);
      this.used[free] = 1;
      this.table.set(entry, free * FIELDS);
    }
  }
}

/** A 128-bit fingerprint of a string's UTF-16 code units: four 32-bit multiply-xorshift lanes (cyrb128). */
export function fingerprint(text: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
