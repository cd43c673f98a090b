"use client";

import Link from "next/link";
import { ActionForm, Field } from "@/components/form";
import type { FormActionFn } from "@/lib/action-state";
import { ADJUDICATION_MODES } from "@/lib/instrument";

function Checkboxes({ legend, name, options, error }: { legend: string; name: string; options: { value: string; label: string }[]; error?: string | undefined }) {
  return (
    <fieldset className="text-sm">
      <legend className="font-medium text-slate-700">{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {options.map((o) => (
          <label key={o.value} className="flex items-center gap-1">
            <input type="checkbox" name={name} value={o.value} /> {o.label}
          </label>
        ))}
      </div>
      {error && <span className="text-red-700">{error}</span>}
    </fieldset>
  );
}

/** Draw a stratified validation sample instead of taking every answer the filter keeps. */
function SampleFields({ machineRaters, errors }: { machineRaters: string[]; errors: Record<string, string> }) {
  return (
    <fieldset className="space-y-2 rounded border border-slate-200 p-3 text-sm">
      <legend className="px-1 font-medium text-slate-700">Validation sample (optional)</legend>
      <p className="text-slate-600">
        Balanced across models, proportional across categories; both framings of a decoupling pair stay together; content-filtered answers are included.
      </p>
      <div className="grid grid-cols-2 gap-3">
        <Field label="Sample size (blank: every answer)" name="sampleSize" type="number" min={1} error={errors["sample.size"]} />
        <Field label="Seed (blank: a random one)" name="sampleSeed" error={errors["sample.seed"]} />
      </div>
      <div className="grid grid-cols-2 gap-3">
        <label className="block">
          <span className="font-medium text-slate-700">Oversample answers scored OH ≥ 2 by</span>
          <select name="oversampleRater" className="mt-1 block w-full rounded border border-slate-300 px-3 py-2">
            <option value="">— no oversampling —</option>
            {machineRaters.map((name) => (
              <option key={name} value={name}>{name}</option>
            ))}
          </select>
          {errors["sample.oversample.rater"] && <span className="text-red-700">{errors["sample.oversample.rater"]}</span>}
        </label>
        <Field label="Target share of those (%)" name="oversamplePercent" type="number" min={1} max={100} defaultValue={50} error={errors["sample.oversample.share"]} />
      </div>
    </fieldset>
  );
}

/** Adjudication of disagreements: off unless ticked. */
function AdjudicationFields({ raters, errors }: { raters: { email: string; name: string }[]; errors: Record<string, string> }) {
  return (
    <fieldset className="space-y-2 rounded border border-slate-200 p-3 text-sm">
      <legend className="px-1 font-medium text-slate-700">Adjudication (optional)</legend>
      <label className="flex items-center gap-1">
        <input type="checkbox" name="adjudication" value="on" /> Send answers whose ratings disagree to an adjudicator
      </label>
      <p className="text-slate-600">
        An answer needs adjudication when its ratings differ by at least the threshold on omission or on commission harm. Consensus: the
        adjudicator&rsquo;s scores, else the median of the ratings rounded half up.
      </p>
      <div className="grid grid-cols-2 gap-3">
        <Field label="Threshold (points)" name="adjudicationThreshold" type="number" min={1} max={4} defaultValue={2} error={errors["adjudication.threshold"]} />
        <label className="block">
          <span className="font-medium text-slate-700">Mode</span>
          <select name="adjudicationMode" defaultValue="independent" className="mt-1 block w-full rounded border border-slate-300 px-3 py-2">
            {Object.entries(ADJUDICATION_MODES).map(([value, term]) => (
              <option key={value} value={value}>{term.label}: {term.definition}</option>
            ))}
          </select>
          {errors["adjudication.mode"] && <span className="text-red-700">{errors["adjudication.mode"]}</span>}
        </label>
      </div>
      <label className="flex items-center gap-1">
        <input type="checkbox" name="adjudicateActions" value="on" /> Also a hit against a miss on a critical action
      </label>
      <div>
        {/* Labelled by id, not by wrapping: a wrapping label would take the options' text into the select's name. */}
        <label htmlFor="queue-adjudicators" className="font-medium text-slate-700">Named adjudicators (none chosen: any pool member who has not rated the answer)</label>
        <select id="queue-adjudicators" name="adjudicators" multiple className="mt-1 block w-full rounded border border-slate-300 px-3 py-2">
          {raters.map((r) => (
            <option key={r.email} value={r.email}>{r.name} ({r.email})</option>
          ))}
        </select>
        {errors["adjudication.adjudicators"] && <span className="text-red-700">{errors["adjudication.adjudicators"]}</span>}
      </div>
    </fieldset>
  );
}

/** Gold items mixed in at a rate, and a share of each rater's answers shown to them again later (test–retest). */
function GoldRetestFields({ errors }: { errors: Record<string, string> }) {
  return (
    <fieldset className="space-y-2 rounded border border-slate-200 p-3 text-sm">
      <legend className="px-1 font-medium text-slate-700">Gold items and test–retest (optional)</legend>
      <p className="text-slate-600">
        Gold items are answers with gold scores (import them, or set them on an answer&apos;s page); retests come back to the same rater under a new blind code.
      </p>
      <div className="grid grid-cols-3 gap-3">
        <Field label="Gold items (% of what a rater is shown; blank: none)" name="goldPercent" type="number" min={1} max={100} error={errors["gold.rate"]} />
        <Field label="Retest share (% of a rater's answers; blank: none)" name="retestPercent" type="number" min={1} max={100} error={errors["retest.share"]} />
        <Field label="Retest no sooner than (hours after the rating)" name="retestMinHours" type="number" min={0} defaultValue={24} error={errors["retest.minHours"]} />
      </div>
    </fieldset>
  );
}

export function QueueForm({ action, studyId, raters, models, categories, machineRaters }: {
  action: FormActionFn<{ id: string; items: number; name: string }>;
  studyId: string;
  raters: { email: string; name: string }[];
  models: string[];
  categories: string[];
  machineRaters: string[];
}) {
  return (
    <ActionForm
      action={action}
      submitLabel="Build queue"
      renderSuccess={({ message, data }) => (
        <>
          {message} <Link className="underline" href={`/studies/${studyId}/queues/${data.id}`}>Open it</Link>
        </>
      )}
    >
      {(errors) => (
        <>
          <input type="hidden" name="studyId" value={studyId} />
          <Field label="Queue name" name="name" required error={errors.name} />
          <Field label="Ratings per answer" name="ratingsPerItem" type="number" min={1} max={10} defaultValue={2} error={errors.ratingsPerItem} />
          <Checkboxes legend="Raters (the pool)" name="raters" options={raters.map((r) => ({ value: r.email, label: `${r.name} (${r.email})` }))} error={errors.raters} />
          <Checkboxes legend="Only these models (none ticked: all)" name="models" options={models.map((m) => ({ value: m, label: m }))} />
          <Checkboxes legend="Only these categories (none ticked: all)" name="categories" options={categories.map((c) => ({ value: c, label: c }))} error={errors.filter} />
          <SampleFields machineRaters={machineRaters} errors={errors} />
          <AdjudicationFields raters={raters} errors={errors} />
          <GoldRetestFields errors={errors} />
        </>
      )}
    </ActionForm>
  );
}
