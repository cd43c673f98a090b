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

/** A promise and the function that resolves it. */
function signal() {
  let resolve: (value: undefined) => void = () => undefined;
  const promise = new Promise<undefined>((r) => (resolve = r));
  return { promise, resolve: (value: undefined) => resolve(value) };
}

describe("rowStream", () => {
  it("ends the rows, logging no failure, when its reader cancels while a row is being read", async () => {
    const gate = signal();
    const reading = signal();
    let finished = false;
    async function* rows() {
      try {
        reading.resolve(undefined);
        await gate.promise;
        yield 1;
        yield 2;
      } finally {
        finished = true;
      }
    }
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const reader = rowStream(rows(), { format: "ndjson", columns: ["n"], cells: (n) => [n], what: "Test export" }).getReader();
    const pending = reader.read();
    await reading.promise;
    const cancelling = reader.cancel();
    gate.resolve(undefined);
    await Promise.all([pending, cancelling]);
    expect(finished).toBe(true);
    expect(logged).not.toHaveBeenCalled();
    logged.mockRestore();
  });
});
