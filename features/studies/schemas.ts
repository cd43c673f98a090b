import { z } from "zod";

export const newStudySchema = z.object({
  name: z.string({ error: "name is required (a string)." }).trim().min(1, "Enter a study name.").max(200),
  description: z.string().trim().max(5000).default(""),
});
export type NewStudy = z.input<typeof newStudySchema>;
