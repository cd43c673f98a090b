import { describe, expect, it } from "vitest";
import { usesSecureCookies } from "./secure-cookies";

const headers = (proto?: string) => new Headers(proto ? { "x-forwarded-proto": proto } : {});

describe("Secure session cookies", () => {
  it("when the public URL is https, however the request arrived", () => {
    expect(usesSecureCookies(headers(), { publicUrl: "https://tandem.example", trustProxy: false })).toBe(true);
  });

  it("when a trusted proxy says https, and never on a client's own word", () => {
    const plain = { publicUrl: "http://localhost:3000", trustProxy: false };
    expect(usesSecureCookies(headers("https"), plain)).toBe(false);
    expect(usesSecureCookies(headers("https"), { ...plain, trustProxy: true })).toBe(true);
    expect(usesSecureCookies(headers("http"), { ...plain, trustProxy: true })).toBe(false);
    expect(usesSecureCookies(headers(), { publicUrl: undefined, trustProxy: true })).toBe(false);
  });
});
