"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction } from "@/lib/actions";
import { AREA_ROLES } from "@/lib/roles";
import { lockStudy, unlockStudy } from "./lock";
import { reasonSchema } from "./schemas";

const lockForm = z.object({ studyId: z.uuid({ error: "The study was not found." }), reason: reasonSchema });

export const lockStudyAction = formAction(
  { roles: AREA_ROLES.administration, input: lockForm, success: () => "The study is locked; its analysis snapshot is stored." },
  async ({ studyId, reason }, user) => {
    const state = await lockStudy(studyId, user, reason);
    revalidatePath(`/studies/${studyId}`, "layout");
    return state;
  },
);

export const unlockStudyAction = formAction(
  { roles: AREA_ROLES.administration, input: lockForm, success: () => "The study is open again; its snapshots stay." },
  async ({ studyId, reason }, user) => {
    const state = await unlockStudy(studyId, user, reason);
    revalidatePath(`/studies/${studyId}`, "layout");
    return state;
  },
);
