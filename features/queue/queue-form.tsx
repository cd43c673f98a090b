"use client";

import { ActionForm, Field } from "@/components/form";
import type { FormActionFn } from "@/lib/action-state";

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

export function QueueForm<T>({ action, studyId, raters, models, categories }: {
  action: FormActionFn<T>;
  studyId: string;
  raters: { email: string; name: string }[];
  models: string[];
  categories: string[];
}) {
  return (
    <ActionForm action={action} submitLabel="Build queue">
      {(errors) => (
        <>
          <input type="hidden" name="studyId" value={studyId} />
          <Field label="Queue name" name="name" required error={errors.name} />
          <Field label="Ratings per answer" name="ratingsPerItem" type="number" min={1} max={10} defaultValue={2} error={errors.ratingsPerItem} />
          <Checkboxes legend="Raters (the pool)" name="raters" options={raters.map((r) => ({ value: r.email, label: `${r.name} (${r.email})` }))} error={errors.raters} />
          <Checkboxes legend="Only these models (none ticked: all)" name="models" options={models.map((m) => ({ value: m, label: m }))} />
          <Checkboxes legend="Only these categories (none ticked: all)" name="categories" options={categories.map((c) => ({ value: c, label: c }))} error={errors.filter} />
        </>
      )}
    </ActionForm>
  );
}
