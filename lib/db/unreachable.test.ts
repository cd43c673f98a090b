import { DatabaseError } from "pg";
import { describe, expect, it } from "vitest";
import { isDatabaseUnreachable } from "./unreachable";

// The shapes below are what Prisma 7 with @prisma/adapter-pg threw against a
// real PostgreSQL that was stopped, restarted or killed under a query.
const prismaError = (code: string, cause: Record<string, unknown>) =>
  Object.assign(new Error("Invalid `prisma.user.count()` invocation"), {
    name: "PrismaClientKnownRequestError",
    code,
    meta: { modelName: "User", driverAdapterError: { name: "DriverAdapterError", cause } },
    clientVersion: "7.10.0",
  });
const postgresCause = (code: string, message: string) => ({ originalCode: code, originalMessage: message, kind: "postgres", code, severity: "FATAL", message });

describe("isDatabaseUnreachable", () => {
  it("recognises a stopped server: P1001 with the adapter's DatabaseNotReachable", () => {
    expect(isDatabaseUnreachable(prismaError("P1001", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 }))).toBe(true);
  });

  it("recognises a raw query on a stopped server (P2010) by the adapter's cause", () => {
    expect(isDatabaseUnreachable(prismaError("P2010", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 }))).toBe(true);
  });

  it("recognises a query in flight when the server shuts down (57P01) and a server in recovery (57P03)", () => {
    expect(isDatabaseUnreachable(prismaError("P2039", postgresCause("57P01", "terminating connection due to administrator command")))).toBe(true);
    expect(isDatabaseUnreachable(prismaError("P2010", postgresCause("57P03", "the database system is in recovery mode")))).toBe(true);
    expect(isDatabaseUnreachable(prismaError("P2010", postgresCause("08006", "connection failure")))).toBe(true);
  });

  it("recognises a connection the server closed (P1017, ConnectionClosed) and a pool timeout (P2024)", () => {
    expect(isDatabaseUnreachable(prismaError("P1017", { kind: "ConnectionClosed" }))).toBe(true);
    expect(isDatabaseUnreachable(Object.assign(new Error("Timed out fetching a new connection"), { name: "PrismaClientKnownRequestError", code: "P2024" }))).toBe(true);
  });

  it("recognises node-postgres' own error when the server process dies under a query", () => {
    expect(isDatabaseUnreachable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnreachable(new Error("timeout exceeded when trying to connect"))).toBe(true);
  });

  it("recognises node-postgres' DatabaseError of a shutdown or a lost connection, from a statement sent without Prisma", () => {
    const pgError = (code: string, message: string) => Object.assign(new DatabaseError(message, message.length, "error"), { code, severity: "FATAL" });
    expect(isDatabaseUnreachable(pgError("57P01", "terminating connection due to administrator command"))).toBe(true);
    expect(isDatabaseUnreachable(pgError("08006", "connection failure"))).toBe(true);
    expect(isDatabaseUnreachable(Object.assign(pgError("55P03", "could not obtain lock on row"), { severity: "ERROR" }))).toBe(false);
  });

  it("recognises a socket error, also as the cause of another error", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", syscall: "connect", errno: -111 });
    expect(isDatabaseUnreachable(refused)).toBe(true);
    expect(isDatabaseUnreachable(new Error("wrapped", { cause: refused }))).toBe(true);
  });

  it("leaves every other database error alone", () => {
    expect(isDatabaseUnreachable(prismaError("P2002", { kind: "UniqueConstraintViolation", constraint: { fields: ["email"] } }))).toBe(false);
    expect(isDatabaseUnreachable(prismaError("P2010", postgresCause("55P03", "could not obtain lock on row")))).toBe(false);
    expect(isDatabaseUnreachable(prismaError("P2010", postgresCause("42P01", 'relation "x" does not exist')))).toBe(false);
    expect(isDatabaseUnreachable(Object.assign(new Error("No record"), { name: "PrismaClientKnownRequestError", code: "P2025" }))).toBe(false);
    expect(isDatabaseUnreachable(new Error("Connection terminated"))).toBe(false);
    expect(isDatabaseUnreachable(Object.assign(new Error("ECONNREFUSED"), { code: "ECONNREFUSED" }))).toBe(false);
    expect(isDatabaseUnreachable("ECONNREFUSED")).toBe(false);
    expect(isDatabaseUnreachable(null)).toBe(false);
  });
});
