"use server";

import { randomBytes } from "node:crypto";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction } from "@/lib/actions";
import { AREA_ROLES } from "@/lib/roles";
import { createQueue } from "./build";
import { addRaterToQueue, removeRaterFromQueue } from "./pool";
import { addRaterSchema, newQueueSchema } from "./schemas";

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
  adjudication: z.string().optional(),
  adjudicationThreshold: optionalNumber,
  adjudicationMode: z.string().default("independent"),
  adjudicateActions: z.string().optional(),
  adjudicators: list,
  goldPercent: optionalNumber,
  retestPercent: optionalNumber,
  retestMinHours: optionalNumber,
});
type QueueForm = z.output<typeof queueForm>;

/** The sample part of the form; a blank seed gets a random one, which the sampling report shows. */
function sampleFrom(form: QueueForm) {
  if (form.sampleSize === undefined) return {};
  const oversample = form.oversampleRater === "" ? undefined : { rater: form.oversampleRater, share: (form.oversamplePercent ?? 0) / 100 };
  return { sample: { size: form.sampleSize, seed: form.sampleSeed || randomBytes(4).toString("hex"), ...(oversample ? { oversample } : {}) } };
}

/** The adjudication part of the form: off unless its box is ticked. */
function adjudicationFrom(form: QueueForm) {
  if (form.adjudication !== "on") return {};
  return {
    adjudication: {
      ...(form.adjudicationThreshold === undefined ? {} : { threshold: form.adjudicationThreshold }),
      mode: form.adjudicationMode,
      actions: form.adjudicateActions === "on",
      ...(form.adjudicators.length > 0 ? { adjudicators: form.adjudicators } : {}),
    },
  };
}

/** The gold and retest part of the form: percentages become the API's fractions; blank is "none". */
function goldRetestFrom(form: QueueForm) {
  return {
    ...(form.goldPercent === undefined ? {} : { gold: { rate: form.goldPercent / 100 } }),
    ...(form.retestPercent === undefined ? {} : { retest: { share: form.retestPercent / 100, ...(form.retestMinHours === undefined ? {} : { minHours: form.retestMinHours }) } }),
  };
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
      ...adjudicationFrom(form),
      ...goldRetestFrom(form),
    });
    const created = await createQueue(form.studyId, queue, user.id);
    revalidatePath(`/studies/${form.studyId}/queues`);
    return { id: created.id, items: created.items, name: form.name };
  },
);

const queueId = z.uuid({ error: "The queue was not found." });

/** The queue page's "Add rater" form: the same rule as POST /api/v1/queues/{id}/raters. */
export const addRaterAction = formAction(
  {
    roles: AREA_ROLES.administration,
    input: z.object({ queueId, email: z.string() }),
    success: (added: { email: string; name: string }) => `${added.name} (${added.email}) joined the pool.`,
  },
  async (form, user) => {
    const added = await addRaterToQueue(form.queueId, addRaterSchema.parse({ email: form.email }), user.id);
    revalidatePath("/studies/[studyId]/queues/[queueId]", "page");
    return added;
  },
);

/** The queue page's Remove button, behind a confirmation: the same rule as DELETE /api/v1/queues/{id}/raters/{userId}. */
export const removeRaterAction = formAction(
  {
    roles: AREA_ROLES.administration,
    input: z.object({ queueId, userId: z.uuid({ error: "The rater was not found." }) }),
    success: (removed: { email: string; releasedHolds: number }) =>
      `${removed.email} left the pool${removed.releasedHolds > 0 ? `; ${removed.releasedHolds} held ${removed.releasedHolds === 1 ? "answer" : "answers"} went back to the pool` : ""}.`,
  },
  async (form, user) => {
    const removed = await removeRaterFromQueue(form.queueId, form.userId, user.id);
    revalidatePath("/studies/[studyId]/queues/[queueId]", "page");
    return removed;
  },
);
