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

// Cost-12 hashes take a while on a busy machine: a generous budget, not a timing claim.
describe("password hashing", { timeout: 30_000 }, () => {
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

  it("takes more jobs at once than the pool has workers, each answered with its own result", async () => {
    const stored = "$2b$04$TRh/72z8DbKKkXjSEFoOfeh6SLvjIQ82q7sOZdD96muhqF7FClvpy";
    const candidates = ["correct horse battery", "wrong", "correct horse battery", "Correct horse battery", "correct horse battery"];
    expect(await Promise.all(candidates.map((c) => verifyPassword(c, stored)))).toEqual([true, false, true, false, true]);
  });
});
