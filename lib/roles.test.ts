import { describe, expect, it } from "vitest";
import { AREA_ROLES, hasRole, landingPath, type Role } from "./roles";

describe("roles", () => {
  it("land each role on its own start page", () => {
    expect(landingPath("admin")).toBe("/admin");
    expect(landingPath("researcher")).toBe("/results");
    expect(landingPath("rater")).toBe("/queues");
  });

  it("keep raters out of results and administration, and researchers out of administration", () => {
    const access = (role: Role) =>
      Object.entries(AREA_ROLES).filter(([, roles]) => hasRole(role, roles)).map(([area]) => area);
    expect(access("rater")).toEqual(["rating"]);
    expect(access("researcher")).toEqual(["results"]);
    expect(access("admin")).toEqual(["administration", "results"]);
  });
});
