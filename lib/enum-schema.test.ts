import { describe, expect, it } from "vitest";
import { Role } from "@/lib/db/generated/enums";
import { oneOf } from "./enum-schema";

describe("oneOf", () => {
  it("takes the enum's values and names them all when given anything else", () => {
    const role = oneOf("Role", Role);
    expect(role.parse("rater")).toBe("rater");
    const result = role.safeParse("owner");
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual(["Role must be one of: admin, researcher, rater."]);
  });
});
