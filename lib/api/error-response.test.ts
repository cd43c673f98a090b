import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError, conflict, DatabaseUnavailableError, notFound } from "@/lib/errors";
import { toErrorResponse } from "./error-response";

describe("toErrorResponse", () => {
  afterEach(() => vi.restoreAllMocks());

  it("keeps an AppError's status, code, message and details", () => {
    const { status, body } = toErrorResponse(conflict("Taken.", [{ line: 3, field: "name", message: "dup" }]));
    expect(status).toBe(409);
    expect(body).toEqual({ error: { code: "conflict", message: "Taken.", details: [{ line: 3, field: "name", message: "dup" }] } });
    expect(toErrorResponse(notFound("The study")).status).toBe(404);
  });

  it("turns a zod error into a 422 that names every failing field by its dotted path", () => {
    const schema = z.object({ name: z.string(), scores: z.array(z.number().max(4)) });
    const result = schema.safeParse({ name: 1, scores: [1, 9] });
    expect(result.success).toBe(false);
    const { status, body } = toErrorResponse(result.error);
    expect(status).toBe(422);
    expect(body.error.code).toBe("invalid");
    expect(body.error.details.map((d) => d.field)).toEqual(["name", "scores.1"]);
  });

  it("names each unknown key of a strict object as its own field", () => {
    const result = z.strictObject({ a: z.boolean().optional(), nested: z.strictObject({ b: z.number() }) }).safeParse({ a: true, nested: { b: 1, c: 2 }, foo: 1 });
    expect(result.success).toBe(false);
    const { status, body } = toErrorResponse(result.error);
    expect(status).toBe(422);
    expect(body.error.details).toEqual([
      { field: "nested.c", message: "c is not a known field or parameter here." },
      { field: "foo", message: "foo is not a known field or parameter here." },
    ]);
  });

  it("maps Prisma's record-not-found to a 404", () => {
    const error = Object.assign(new Error("No record"), { name: "PrismaClientKnownRequestError", code: "P2025" });
    expect(toErrorResponse(error).status).toBe(404);
  });

  it("answers a transaction that waited too long with a 503 and Retry-After", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const error = Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), { name: "PrismaClientKnownRequestError", code: "P2028" });
    const response = toErrorResponse(error);
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe("database_unavailable");
    expect(response.headers["retry-after"]).toBeDefined();
  });

  it("hides an unknown error's detail from the client and logs it", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { status, body } = toErrorResponse(new Error("password=hunter2 at db.internal:5432"));
    expect(status).toBe(500);
    expect(body.error.code).toBe("internal");
    expect(JSON.stringify(body)).not.toContain("hunter2");
    expect(log).toHaveBeenCalledOnce();
  });

  it("treats an AppError subclass instance like any AppError", () => {
    expect(toErrorResponse(new AppError("payload_too_large", "Too big")).status).toBe(413);
  });

  it("answers a database that cannot be reached with a 503, Retry-After and a message that says so", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const stopped = Object.assign(new Error("Invalid `prisma.user.findFirst()` invocation:\n\nCan't reach database server at 127.0.0.1:5432"), {
      name: "PrismaClientKnownRequestError",
      code: "P1001",
    });
    for (const error of [stopped, new DatabaseUnavailableError(stopped), new Error("Connection terminated unexpectedly")]) {
      const { status, body, headers } = toErrorResponse(error);
      expect(status).toBe(503);
      expect(headers).toEqual({ "retry-after": "5" });
      expect(body).toEqual({
        error: { code: "database_unavailable", message: "The database cannot be reached right now; try again in a few seconds.", details: [] },
      });
    }
    expect(log).toHaveBeenCalledWith("The database cannot be reached:", "Can't reach database server at 127.0.0.1:5432");
  });

  it("sends no Retry-After with other errors", () => {
    expect(toErrorResponse(notFound("The study")).headers).toEqual({});
  });
});
