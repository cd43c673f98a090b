import { describe, expect, it, vi } from "vitest";
import { csvCell, csvRow, rowStream } from "./csv";

describe("csvCell", () => {
  it.each([
    ["=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""],
    ["+1+1", "'+1+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tindented", "'\tindented"],
    ["plain text", "plain text"],
    ["a, b", "\"a, b\""],
    ["line\nbreak", "\"line\nbreak\""],
    ["", ""],
  ])("writes %j as %s", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("leaves numbers alone, so a -1 score stays a number", () => {
    expect(csvCell(-1)).toBe("-1");
    expect(csvCell(0)).toBe("0");
    expect(csvCell(null)).toBe("");
  });

  it("ends a row with CRLF", () => {
    expect(csvRow(["a", 1, null, "=x"])).toBe("a,1,,'=x\r\n");
  });
});

describe("rowStream", () => {
  it("writes a header, then one line per row", async () => {
    async function* rows() {
      for (const row of [{ a: 1, b: "x" }, { a: 2, b: "=y" }]) yield await Promise.resolve(row);
    }
    const text = await new Response(rowStream(rows(), { format: "csv", columns: ["a", "b"], cells: (r) => [r.a, r.b], what: "Test export" })).text();
    expect(text).toBe("a,b\r\n1,x\r\n2,'=y\r\n");
  });

  it("drops a row read while the reader went away, without reporting a failure", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started: () => void = () => {};
    const reading = new Promise<void>((resolve) => (started = resolve));
    let closed = false;
    async function* rows() {
      try {
        started();
        await gate;
        yield { a: 1 };
      } finally {
        closed = true;
      }
    }
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const reader = rowStream(rows(), { format: "ndjson", columns: [], cells: () => [], what: "Test export" }).getReader();
    const pending = reader.read();
    await reading;
    const cancelled = reader.cancel();
    release();
    await cancelled;
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(closed).toBe(true);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });
});
