// Choosing a study's models by name for a filter: `model`, `models`, `excludeModels`. Pure.
import { z } from "zod";
import { invalid } from "@/lib/errors";

/** A comma-separated list of model names (blanks around a name and empty entries ignored); absent when empty. */
export const modelList = (name: string) =>
  z
    .string({ error: `${name} must be a comma-separated list of models.` })
    .transform((text) => [...new Set(text.split(",").map((m) => m.trim()).filter((m) => m !== ""))])
    .transform((list) => (list.length === 0 ? undefined : list))
    .optional();

export interface ModelChoice {
  model?: string;
  models?: string[];
  excludeModels?: string[];
}

/**
 * The models a filter covers: `model`, else `models`, else every model of
 * the study, less `excludeModels`. A name the study has no answer from is a
 * 422 naming the parameter and the model.
 */
export function chosenModels(studyModels: readonly string[], query: ModelChoice): string[] {
  const known = new Set(studyModels);
  const unknown = (["model", "models", "excludeModels"] as const).flatMap((field) => {
    const value = query[field];
    const names = value === undefined ? [] : typeof value === "string" ? [value] : value;
    return names.filter((name) => !known.has(name)).map((name) => ({ field, message: `${field}: the study has no model named "${name}".` }));
  });
  if (unknown.length > 0) throw invalid(unknown.map((d) => d.message).join(" "), unknown);
  const base = query.model !== undefined ? [query.model] : (query.models ?? studyModels);
  const excluded = new Set(query.excludeModels ?? []);
  return base.filter((m) => !excluded.has(m));
}
