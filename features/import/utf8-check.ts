// Checks that a byte stream is UTF-8 as its chunks pass, so a file in
// another encoding is refused with the line of its first bad byte instead of
// being read with replacement characters. A character cut between two
// chunks is carried over, not taken for an error.
import { isUtf8 } from "node:buffer";

const NEWLINE = 0x0a;

/** Bytes a character takes, from its first byte (continuation bytes count 1: they are invalid here). */
const sequenceLength = (lead: number) => (lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1);

/** Newlines among the first `end` bytes (Buffer's indexOf is a memchr, several times Uint8Array's). */
function countNewlines(bytes: Uint8Array, end = bytes.length): number {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(end, bytes.length));
  let count = 0;
  for (let i = view.indexOf(NEWLINE); i >= 0; i = view.indexOf(NEWLINE, i + 1)) count++;
  return count;
}

/** Where the incomplete character at the end of `bytes` starts (bytes.length when there is none). */
function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    return byte >= 0xc0 && sequenceLength(byte) > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** The offset of the first byte that is not UTF-8 in `bytes`, known to hold one (a fatal decoder over growing prefixes). */
function firstInvalidByte(bytes: Uint8Array): number {
  const decodes = (end: number) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (decodes(middle + 1)) low = middle + 1;
    else high = middle;
  }
  return low;
}

export class Utf8Check {
  private pending: Uint8Array = new Uint8Array(0);
  private lines = 1;

  /** The line of the first byte of `chunk` that is not UTF-8, or null when all of it is (so far). */
  check(chunk: Uint8Array): number | null {
    const bytes = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const complete = incompleteTail(bytes);
    const body = bytes.subarray(0, complete);
    if (!isUtf8(body)) return this.lines + countNewlines(body, firstInvalidByte(body));
    this.lines += countNewlines(body);
    this.pending = bytes.slice(complete);
    return null;
  }

  /** At the end of the stream: the line of a character left incomplete, or null. */
  end(): number | null {
    return this.pending.length > 0 ? this.lines : null;
  }
}
