import { describe, expect, it } from "vitest";
import { readBounded } from "./body";

function streamOf(chunks: number, size: number, pulled: { count: number }) {
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.count === chunks) return controller.close();
      pulled.count++;
      controller.enqueue(new Uint8Array(size).fill(97));
    },
  }, { highWaterMark: 0 });
}

const post = (body: ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}) =>
  new Request("http://x/", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("reading a body within a limit", () => {
  it("returns a body at or under the limit whole", async () => {
    const body = await readBounded(post("a=1&b=2"), 7);
    expect(new TextDecoder().decode(body)).toBe("a=1&b=2");
  });

  it("refuses a declared length over the limit without reading anything", async () => {
    const pulled = { count: 0 };
    const request = post(streamOf(10, 10, pulled), { "content-length": "100" });
    await expect(readBounded(request, 50)).rejects.toMatchObject({ status: 413 });
    expect(pulled.count).toBe(0);
  });

  it("stops a stream with no declared length as soon as it passes the limit", async () => {
    const pulled = { count: 0 };
    await expect(readBounded(post(streamOf(1000, 10, pulled)), 50)).rejects.toMatchObject({ status: 413, code: "payload_too_large" });
    expect(pulled.count).toBeLessThan(10);
  });
});
