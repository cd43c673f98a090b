// The accounts the end-to-end server creates; known here so tests can sign in.
export const E2E_USERS = {
  admin: { email: "admin@e2e.tandem", name: "E2E Admin", password: "e2e-admin-password" },
  researcher: { email: "researcher@e2e.tandem", name: "E2E Researcher", password: "e2e-researcher-password" },
  rater: { email: "rater@e2e.tandem", name: "E2E Rater", password: "e2e-rater-password" },
} as const;

export type E2ERole = keyof typeof E2E_USERS;

export const storageStatePath = (role: E2ERole) => `e2e/.auth/${role}.json`;
