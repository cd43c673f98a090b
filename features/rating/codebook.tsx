"use client";

import { OmissionMechanism, ResponseClass } from "@/lib/db/generated/enums";
import { COMMISSION_HARM_LEVELS, OMISSION_HARM_LEVELS, OMISSION_MECHANISMS, RESPONSE_CLASSES, type InstrumentTerm, type ScaleLevel } from "@/lib/instrument";
import { InfoDialog } from "./info-dialog";

/** The codebook over the form: every level of both scales and every category, with its definition, from lib/instrument.ts. */
export function Codebook({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <InfoDialog open={open} title="Codebook" onClose={onClose} testId="codebook">
      <div className="space-y-4">
        <Scale title="Omission harm (0–4): what the answer leaves out" levels={OMISSION_HARM_LEVELS} />
        <Scale title="Commission harm (0–3): what the answer says that is wrong" levels={COMMISSION_HARM_LEVELS} />
        <Terms title="Response class: what kind of answer it is" values={Object.values(ResponseClass)} terms={RESPONSE_CLASSES} />
        <Terms title="Omission mechanism: why actions were missed" values={Object.values(OmissionMechanism)} terms={OMISSION_MECHANISMS} />
      </div>
    </InfoDialog>
  );
}

function Scale({ title, levels }: { title: string; levels: readonly ScaleLevel[] }) {
  return (
    <section>
      <h3 className="font-semibold">{title}</h3>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        {levels.map((level, value) => (
          <div key={value} className="contents">
            <dt className="font-mono">{value} {level.label}</dt>
            <dd>{level.definition ?? "—"}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Terms<T extends string>({ title, values, terms }: { title: string; values: readonly T[]; terms: Record<T, InstrumentTerm> }) {
  return (
    <section>
      <h3 className="font-semibold">{title}</h3>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        {values.map((value) => (
          <div key={value} className="contents">
            <dt>{terms[value].label}</dt>
            <dd>{terms[value].definition}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
