import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bearerToken, generateApiToken, hashApiToken } from "./api-token";

describe("API tokens", () => {
  it("are long random strings, stored as their SHA-256 and shown by a short prefix", () => {
    const a = generateApiToken();
    const b = generateApiToken();
    expect(a.token).toMatch(/^tdm_[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.tokenHash).toBe(createHash("sha256").update(a.token).digest("hex"));
    expect(a.tokenHash).not.toContain(a.token.slice(4));
    expect(a.token.startsWith(a.prefix)).toBe(true);
    expect(a.prefix).toHaveLength(10);
  });

  it("hash the same token to the same value, and different tokens differently", () => {
    expect(hashApiToken("tdm_x")).toBe(hashApiToken("tdm_x"));
    expect(hashApiToken("tdm_x")).not.toBe(hashApiToken("tdm_y"));
  });

  it("are read only from a well-formed Bearer header", () => {
    expect(bearerToken("Bearer tdm_abc")).toBe("tdm_abc");
    expect(bearerToken("bearer   tdm_abc  ")).toBe("tdm_abc");
    expect(bearerToken("Basic dXNlcjpwdw==")).toBeNull();
    expect(bearerToken("Bearer")).toBeNull();
    expect(bearerToken("Bearer a b")).toBeNull();
    expect(bearerToken("tdm_abc")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});
