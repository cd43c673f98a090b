import { randomFillSync } from "node:crypto";

// Random bytes are drawn a block at a time: one system call per 4,096 ids.
const POOL_IDS = 4096;
const pool = Buffer.alloc(POOL_IDS * 10);
let poolIndex = POOL_IDS;
let lastMs = 0;
let sequence = 0;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

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
  const b = [
    (high >>> 24) & 0xff, (high >>> 16) & 0xff, (high >>> 8) & 0xff, high & 0xff, (ms >>> 8) & 0xff, ms & 0xff,
    0x70 | (sequence >>> 8), sequence & 0xff,
    0x80 | ((pool[r] ?? 0) & 0x3f), pool[r + 1] ?? 0, pool[r + 2] ?? 0, pool[r + 3] ?? 0, pool[r + 4] ?? 0, pool[r + 5] ?? 0, pool[r + 6] ?? 0, pool[r + 7] ?? 0,
  ].map((byte) => HEX[byte] ?? "00");
  return `${b[0]}${b[1]}${b[2]}${b[3]}-${b[4]}${b[5]}-${b[6]}${b[7]}-${b[8]}${b[9]}-${b[10]}${b[11]}${b[12]}${b[13]}${b[14]}${b[15]}`;
}
