import { describe, expect, it } from "vitest";
import { isTransient, resendDelayMs, resendNotice } from "./resend";

describe("sending a rating again", () => {
  it("sends again after a 503, a gateway failure or no answer, never after the server's verdict on the rating", () => {
    expect(isTransient({ status: 503, retryAfter: "5" })).toBe(true);
    expect(isTransient({ status: 502, retryAfter: null })).toBe(true);
    expect(isTransient({ status: 504, retryAfter: null })).toBe(true);
    expect(isTransient("no-answer")).toBe(true);
    for (const status of [200, 201, 401, 404, 409, 422, 500]) expect(isTransient({ status, retryAfter: null })).toBe(false);
  });

  it("waits longer each time, from 2 s up to 30 s", () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((attempt) => resendDelayMs(attempt, null))).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it("never sends sooner than Retry-After asks, and ignores a Retry-After it cannot read", () => {
    expect(resendDelayMs(1, "5")).toBe(5_000);
    expect(resendDelayMs(4, "5")).toBe(16_000);
    expect(resendDelayMs(1, "3600")).toBe(30_000);
    expect(resendDelayMs(1, "Wed, 21 Oct 2026 07:28:00 GMT")).toBe(2_000);
  });

  it("tells the rater the rating is kept, why, and when it is sent again", () => {
    expect(resendNotice({ status: 503, retryAfter: "5" }, 5_000)).toBe(
      "The server cannot reach its database; your rating is kept and will be sent again in 5 s.",
    );
    expect(resendNotice("no-answer", 2_000)).toBe("The server cannot be reached; your rating is kept and will be sent again in 2 s.");
    expect(resendNotice({ status: 502, retryAfter: null }, 4_000)).toBe("The server cannot be reached; your rating is kept and will be sent again in 4 s.");
  });
});
