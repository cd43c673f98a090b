import { z } from "zod";

/**
 * A field that takes one value of an enum (a Prisma enum object); the message
 * lists the values, for the person fixing the input.
 */
export const oneOf = <const T extends Readonly<Record<string, string>>>(field: string, values: T) =>
  z.enum(values, { error: `${field} must be one of: ${Object.values(values).join(", ")}.` });
