"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction } from "@/lib/actions";
import { AREA_ROLES } from "@/lib/roles";
import { createQueue } from "./build";

/** Checkboxes: none ticked sends nothing, one ticked a single value, several a list. */
const list = z.preprocess((v: unknown) => (v === undefined ? [] : Array.isArray(v) ? (v as unknown[]) : [v]), z.array(z.string()));

const queueForm = z.object({
  studyId: z.string(),
  name: z.string(),
  ratingsPerItem: z.coerce.number().int(),
  raters: list,
  models: list,
  categories: list,
});

export const createQueueAction = formAction(
  { roles: AREA_ROLES.administration, input: queueForm, success: (q: { items: number; name: string }) => `Queue "${q.name}" created with ${q.items} ${q.items === 1 ? "answer" : "answers"}.` },
  async (form, user) => {
    const filter = {
      ...(form.models.length > 0 ? { models: form.models } : {}),
      ...(form.categories.length > 0 ? { categories: form.categories } : {}),
    };
    const created = await createQueue(
      form.studyId,
      { name: form.name, ratingsPerItem: form.ratingsPerItem, raters: form.raters, ...(Object.keys(filter).length > 0 ? { filter } : {}) },
      user.id,
    );
    revalidatePath(`/studies/${form.studyId}/queues`);
    return { ...created, name: form.name };
  },
);
