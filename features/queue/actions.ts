"use server";

import { randomBytes } from "node:crypto";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction } from "@/lib/actions";
import { AREA_ROLES } from "@/lib/roles";
import { createQueue } from "./build";
import { newQueueSchema } from "./schemas";

/** Checkboxes: none ticked sends nothing, one ticked a single value, several a list. */
const list = z.preprocess((v: unknown) => (v === undefined ? [] : Array.isArray(v) ? (v as unknown[]) : [v]), z.array(z.string()));
/** An optional number field: blank is "not given". */
const optionalNumber = z.preprocess((v: unknown) => (v === "" || v === undefined ? undefined : Number(v)), z.number().optional());

const queueForm = z.object({
  studyId: z.uuid({ error: "The study was not found." }),
  name: z.string(),
  ratingsPerItem: z.coerce.number().int(),
  raters: list,
  models: list,
  categories: list,
  sampleSize: optionalNumber,
  sampleSeed: z.string().trim().default(""),
  oversampleRater: z.string().default(""),
  oversamplePercent: optionalNumber,
});
type QueueForm = z.output<typeof queueForm>;

/** The sample part of the form; a blank seed gets a random one, which the sampling report shows. */
function sampleFrom(form: QueueForm) {
  if (form.sampleSize === undefined) return {};
  const oversample = form.oversampleRater === "" ? undefined : { rater: form.oversampleRater, share: (form.oversamplePercent ?? 0) / 100 };
  return { sample: { size: form.sampleSize, seed: form.sampleSeed || randomBytes(4).toString("hex"), ...(oversample ? { oversample } : {}) } };
}

export const createQueueAction = formAction(
  {
    roles: AREA_ROLES.administration,
    input: queueForm,
    success: (q: { items: number; name: string }) => `Queue "${q.name}" created with ${q.items} ${q.items === 1 ? "answer" : "answers"}.`,
  },
  async (form, user) => {
    const filter = {
      ...(form.models.length > 0 ? { models: form.models } : {}),
      ...(form.categories.length > 0 ? { categories: form.categories } : {}),
    };
    const queue = newQueueSchema.parse({
      name: form.name,
      ratingsPerItem: form.ratingsPerItem,
      raters: form.raters,
      ...(Object.keys(filter).length > 0 ? { filter } : {}),
      ...sampleFrom(form),
    });
    const created = await createQueue(form.studyId, queue, user.id);
    revalidatePath(`/studies/${form.studyId}/queues`);
    return { id: created.id, items: created.items, name: form.name };
  },
);
