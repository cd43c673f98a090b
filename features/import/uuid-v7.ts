import { randomFillSync } from "node:crypto";

// Random bytes are drawn a block at a time: one system call per 4,096 ids.
const POOL_IDS = 4096;
const pool = Buffer.alloc(POOL_IDS * 10);
let poolIndex = POOL_IDS;
let lastMs = 0;
let sequence = 0;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
/** The low byte of a number, as two hex digits. */
const hex = (byte: number) => HEX[byte & 0xff] ?? "00";

/**
 * A UUID version 7 in the scheme of PostgreSQL's uuidv7() (which
 * tandem_uuid_v7() is): 48 bits of unix milliseconds, then a 12-bit
 * counter that keeps the ids of one millisecond in the order they were
 * made, then 62 random bits — so ids made here sort by creation time,
 * like the ids the database makes.
 */
export function uuidV7(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    // 4,096 ids in one millisecond: borrow the next one, as PostgreSQL does.
    lastMs++;
    sequence = 0;
  }
  if (poolIndex === POOL_IDS) {
    randomFillSync(pool);
    poolIndex = 0;
  }
  const r = poolIndex++ * 10;
  const ms = lastMs;
  const high = Math.floor(ms / 0x10000);
  let random = "";
  for (let i = 2; i < 8; i++) random += hex(pool[r + i] ?? 0);
  return (
    hex(high >>> 24) + hex(high >>> 16) + hex(high >>> 8) + hex(high) + "-" + hex(ms >>> 8) + hex(ms) + "-" +
    hex(0x70 | (sequence >>> 8)) + hex(sequence) + "-" + hex(0x80 | ((pool[r] ?? 0) & 0x3f)) + hex(pool[r + 1] ?? 0) + "-" + random
  );
}
