"use server";

import { revalidatePath } from "next/cache";
import { formAction } from "@/lib/actions";
import { AREA_ROLES } from "@/lib/roles";
import { clearGoldSchema, goldFormSchema } from "./schemas";
import { clearGoldScores, setGoldScores } from "./service";

export const setGoldScoresAction = formAction(
  { roles: AREA_ROLES.administration, input: goldFormSchema, success: ({ created }: { created: boolean }) => (created ? "Gold scores set." : "Gold scores changed.") },
  async (form, user) => {
    const outcome = await setGoldScores(form, user.id);
    revalidatePath(`/studies/${form.studyId}/answers/${form.answerId}`);
    return outcome;
  },
);

export const clearGoldScoresAction = formAction(
  { roles: AREA_ROLES.administration, input: clearGoldSchema, success: ({ cleared }: { cleared: boolean }) => (cleared ? "Gold scores cleared." : "The answer had no gold scores.") },
  async ({ studyId, answerId }, user) => {
    const outcome = await clearGoldScores(studyId, answerId, user.id);
    revalidatePath(`/studies/${studyId}/answers/${answerId}`);
    return outcome;
  },
);
