// Tells "the database cannot be reached" (stopped, restarting, crashed, the
// network to it down) from every other database error. What Prisma throws
// through @prisma/adapter-pg in those cases:
// - a PrismaClientKnownRequestError whose code says so (P1001 cannot reach the
//   server, P1002 timed out reaching it, P1017 it closed the connection, P2024
//   no pooled connection in time), or whose meta.driverAdapterError.cause names
//   the failure: kind DatabaseNotReachable / ConnectionClosed / SocketTimeout /
//   TooManyConnections, or kind "postgres" with a SQLSTATE of a shutdown
//   (57P01 on a query in flight when the server stops, 57P03 while it starts or
//   recovers) or of class 08 (connection exception)
// - node-postgres' own Error, passed through unconverted, when the server's
//   process dies under a query ("Connection terminated unexpectedly")
// - node-postgres' DatabaseError with one of those SQLSTATEs, from a statement
//   sent to the pool without Prisma
// - a Node socket error (ECONNREFUSED, ECONNRESET …), possibly as a cause.

const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE", "EHOSTUNREACH", "ENETUNREACH"]);
const PG_MESSAGES = [
  "Connection terminated unexpectedly",
  "Connection terminated due to connection timeout",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error and is not queryable",
];

type Fields = Record<string, unknown>;
const fields = (value: unknown): Fields | null => (typeof value === "object" && value !== null ? (value as Fields) : null);

export function isDatabaseUnreachable(error: unknown, depth = 0): boolean {
  const e = fields(error);
  if (!e || depth > 5) return false;
  const code = typeof e.code === "string" ? e.code : undefined;
  if (e.name === "PrismaClientKnownRequestError" && code && PRISMA_CODES.has(code)) return true;
  if (e.name === "PrismaClientInitializationError" && typeof e.errorCode === "string" && PRISMA_CODES.has(e.errorCode)) return true;
  if (typeof e.kind === "string" && (ADAPTER_KINDS.has(e.kind) || (e.kind === "postgres" && isConnectionSqlState(code)))) return true;
  // node-postgres' DatabaseError, from a statement sent to the pool directly (preparedQuery): the server's SQLSTATE.
  if (e.name === "error" && typeof e.severity === "string" && isConnectionSqlState(code)) return true;
  if (code && SOCKET_CODES.has(code) && typeof e.syscall === "string") return true;
  if (typeof e.message === "string" && PG_MESSAGES.includes(e.message)) return true;
  const adapterError = fields(e.meta)?.driverAdapterError;
  return isDatabaseUnreachable(adapterError, depth + 1) || isDatabaseUnreachable(e.cause, depth + 1);
}

function isConnectionSqlState(code: string | undefined): boolean {
  return code !== undefined && (SQLSTATES.has(code) || code.startsWith("08"));
}
