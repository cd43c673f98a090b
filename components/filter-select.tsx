export type FilterOption = string | { value: string; label: string };

/**
 * A select of a plain GET filter form: the address holds the view, so the
 * chosen value comes back as `value`. `all` labels the empty choice, if any.
 */
export function FilterSelect({ label, name, value, options, all }: {
  label: string;
  name: string;
  value: string | undefined;
  options: readonly FilterOption[];
  all?: string;
}) {
  return (
    <label className="text-sm">
      <span className="block font-medium text-slate-700">{label}</span>
      <select name={name} defaultValue={value ?? ""} className="mt-1 rounded border border-slate-300 px-2 py-1">
        {all !== undefined && <option value="">{all}</option>}
        {options.map((o) => {
          const { value: v, label: text } = typeof o === "string" ? { value: o, label: o } : o;
          return <option key={v} value={v}>{text}</option>;
        })}
      </select>
    </label>
  );
}
