/**
 * The "Models" boxes of a filter form, sent as repeated `models` values.
 * Ticked: the models the filter covers (`model`, else `models`, else all;
 * less `excludeModels`). None ticked means all.
 */
export function ModelCheckboxes({ models, chosen }: {
  models: readonly string[];
  chosen: { model?: string; models?: string[]; excludeModels?: string[] };
}) {
  const included = new Set(chosen.model !== undefined ? [chosen.model] : (chosen.models ?? models));
  for (const excluded of chosen.excludeModels ?? []) included.delete(excluded);
  return (
    <fieldset className="text-sm">
      <legend className="font-medium text-slate-700">Models</legend>
      <div className="mt-1 flex max-w-xl flex-wrap gap-x-3 gap-y-1">
        {models.map((model) => (
          <label key={model} className="inline-flex items-center gap-1">
            <input type="checkbox" name="models" value={model} defaultChecked={included.has(model)} />
            {model}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
