import { describe, expect, it } from "vitest";
import { currentLink } from "./current-link";

const admin = [{ href: "/admin" }, { href: "/admin/users" }, { href: "/admin/tokens" }];
const study = [{ href: "/studies/s1" }, { href: "/studies/s1/answers" }, { href: "/studies/s1/queues" }];

describe("currentLink", () => {
  it("marks the link with the longest prefix the path lies under", () => {
    expect(currentLink("/admin", admin)?.href).toBe("/admin");
    expect(currentLink("/admin/users", admin)?.href).toBe("/admin/users");
    expect(currentLink("/studies/s1/answers/a9", study)?.href).toBe("/studies/s1/answers");
    expect(currentLink("/studies/s1/queues/q2", study)?.href).toBe("/studies/s1/queues");
    expect(currentLink("/studies/s1", study)?.href).toBe("/studies/s1");
  });

  it("matches whole segments only, and nothing when no prefix fits", () => {
    expect(currentLink("/administer", admin)).toBeNull();
    expect(currentLink("/studies/s10", study)).toBeNull();
    expect(currentLink("/queues", admin)).toBeNull();
  });

  it("uses a link's own prefixes when it gives them", () => {
    const main = [{ href: "/results", prefixes: ["/results", "/studies"] }, { href: "/queues" }];
    expect(currentLink("/studies/s1/analysis", main)?.href).toBe("/results");
    expect(currentLink("/queues/q1/ratings", main)?.href).toBe("/queues");
  });
});
