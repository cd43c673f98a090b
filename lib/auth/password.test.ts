import { describe, expect, it, vi } from "vitest";
import { hashPassword, verifyPassword } from "./password";

// bcryptjs on the calling thread would block the event loop: here it cannot
// be used there at all, and the hashes still work because they are made in
// worker threads, which load the real library.
vi.mock("bcryptjs", () => {
  const onMainThread = () => {
    throw new Error("bcryptjs ran on the event loop's thread");
  };
  return { default: { hash: onMainThread, compare: onMainThread, hashSync: onMainThread, compareSync: onMainThread } };
});

describe("password hashing", () => {
  it("stores a salted bcrypt hash that verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$2[aby]\$12\$/);
    expect(hash).not.toContain("correct horse battery");
    expect(await hashPassword("correct horse battery")).not.toBe(hash);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batteryX", hash)).toBe(false);
  });

  it("verifies hashes made before it ran in worker threads (same bcrypt format)", async () => {
    // Made by bcryptjs.hashSync("correct horse battery", 4) on the main thread, as before.
    const stored = "$2b$04$TRh/72z8DbKKkXjSEFoOfeh6SLvjIQ82q7sOZdD96muhqF7FClvpy";
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterz", stored)).toBe(false);
  });

  it("takes several at once, queued over the pool's workers", async () => {
    const hashes = await Promise.all(["one password", "two password", "three password"].map((p) => hashPassword(p)));
    expect(await Promise.all(hashes.map((h, i) => verifyPassword(["one password", "two password", "three password"][i] ?? "", h)))).toEqual([
      true,
      true,
      true,
    ]);
  });
});
