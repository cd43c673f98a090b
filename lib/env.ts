import "server-only";
import { z } from "zod";

const schema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "DATABASE_URL must be a postgresql:// URL" }),
  // Optional here so the command line can run without it; next-auth refuses to
  // sign anyone in without one in production (npm start always provides one).
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters").optional(),
  /** The app's public URL: https makes the session cookies Secure; its origin is one the app's own pages write from (lib/api/origin.ts). */
  NEXTAUTH_URL: z.url({ protocol: /^https?$/, error: "NEXTAUTH_URL must be an http:// or https:// URL" }).optional(),
  /**
   * "1" when the app runs behind one reverse proxy that appends the client's
   * address to X-Forwarded-For and sets X-Forwarded-Proto; otherwise those
   * headers are the client's word and are not believed (instrumentation.ts).
   */
  TRUST_PROXY: z
    .enum(["", "0", "1"], { error: 'TRUST_PROXY must be "1" (behind a reverse proxy) or "0"' })
    .default("0")
    .transform((v) => v === "1"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Largest request body an import accepts, in bytes. */
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(200 * 1024 * 1024),
});

export type Env = z.infer<typeof schema>;

let parsed: Env | undefined;

/**
 * The validated server environment; throws once, clearly, if it is wrong.
 * `next build` imports server modules without a database or secrets, and
 * nothing connects then, so validation waits for the running server.
 */
export function env(): Env {
  if (parsed) return parsed;
  if (process.env.NEXT_PHASE === "phase-production-build") return process.env as unknown as Env;
  const result = schema.safeParse(process.env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  parsed = result.data;
  return parsed;
}
