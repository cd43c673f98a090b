import type { RefObject } from "react";
import { levelText, type InstrumentTerm, type ScaleLevel } from "@/lib/instrument";

/** The mark of a field a refused submit found empty. */
export function MissingMark() {
  return <span className="ml-1 font-semibold text-red-800">— missing</span>;
}

/** A harm scale as a radio group, each level with its definition. */
export function ScaleField({ legend, levels, value, onChange, name, fieldsetRef, missing }: {
  legend: string;
  levels: readonly ScaleLevel[];
  value: number | null;
  onChange: (value: number) => void;
  name: string;
  fieldsetRef: RefObject<HTMLFieldSetElement | null>;
  missing: boolean;
}) {
  return (
    <fieldset ref={fieldsetRef} className={`rounded border bg-white px-3 py-2 ${missing ? "border-red-600" : "border-slate-200"}`}>
      <legend className="px-1 text-sm font-semibold">{legend}{missing && <MissingMark />}</legend>
      {levels.map((term, level) => (
        <label key={level} className={`flex min-h-6 items-start gap-2 rounded px-1 py-0.5 text-sm ${value === level ? "bg-slate-100" : ""}`}>
          <input type="radio" name={name} checked={value === level} onChange={() => onChange(level)} className="mt-0.5 size-4 shrink-0" />
          <span><strong>{level}</strong> — {levelText(term)}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** A category of the instrument as a select, in the enum's order; the chosen value's definition shows below it. */
export function CategorySelect<T extends string>({ label, selectRef, values, terms, value, onChange, missing }: {
  label: string;
  selectRef: RefObject<HTMLSelectElement | null>;
  values: readonly T[];
  terms: Record<T, InstrumentTerm>;
  value: T | "";
  onChange: (value: T | "") => void;
  missing: boolean;
}) {
  return (
    <div>
      <label>
        <span className="block font-semibold">{label}{missing && <MissingMark />}</span>
        <select ref={selectRef} value={value} onChange={(e) => onChange(e.target.value as T | "")} aria-invalid={missing || undefined}
          className={`mt-1 min-h-8 w-full rounded border px-2 py-1 ${missing ? "border-red-600" : "border-slate-300"}`}>
          <option value="">—</option>
          {values.map((option) => <option key={option} value={option} title={terms[option].definition}>{terms[option].label}</option>)}
        </select>
      </label>
      {value && <p className="mt-1 text-xs text-slate-600">{terms[value].definition}</p>}
    </div>
  );
}
