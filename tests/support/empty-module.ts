// Stands in for `server-only` under Vitest, which does not run as a React server.
export {};
