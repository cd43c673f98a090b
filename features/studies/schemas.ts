import { z } from "zod";

export const newStudySchema = z.object({
  name: z.string({ error: "name is required (a string)." }).trim().min(1, "Enter a study name.").max(200, "name must be at most 200 characters."),
  description: z.string({ error: "description must be a string." }).trim().max(5000, "description must be at most 5000 characters.").default(""),
});
/** A validated new study; the description may be left out. */
export type NewStudy = Omit<z.output<typeof newStudySchema>, "description"> & { description?: string };
