// Who may do what, as plain data: used by pages, route handlers and actions.
// The roles themselves are the database enum.
import type { Role } from "@/lib/db/generated/enums";

export type { Role };

/** Where each role lands after signing in. */
export function landingPath(role: Role): string {
  switch (role) {
    case "admin":
      return "/admin";
    case "researcher":
      return "/results";
    case "rater":
      return "/queues";
  }
}

/** Roles allowed into each area of the app. Admins can see everything. */
export const AREA_ROLES = {
  administration: ["admin"],
  results: ["researcher", "admin"],
  rating: ["rater"],
} as const satisfies Record<string, readonly Role[]>;

export function hasRole(role: Role, allowed: readonly Role[]): boolean {
  return allowed.includes(role);
}
