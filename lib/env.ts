import "server-only";
import { z } from "zod";

const schema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "DATABASE_URL must be a postgresql:// URL" }),
  // Optional here so the command line can run without it; sign-in refuses to
  // start without one (lib/auth/options.ts).
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters").optional(),
  /** The app's public URL; its origin is one the app's own pages write from (lib/api/origin.ts). */
  NEXTAUTH_URL: z.url({ error: "NEXTAUTH_URL must be the app's public URL, e.g. https://tandem.example.org" }).optional(),
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
