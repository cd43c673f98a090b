"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type DragEvent, type SubmitEvent } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import type { ImportKind } from "@/lib/db/generated/enums";
import { CONTROL_LABELS, KIND_LABELS, pageWording, problemForPage } from "./page-wording";
import { LISTED_ONLY } from "./problems";
import { ProblemsReport } from "./problems-report";
import { ratedAnswersSummary } from "./rated-answers";
import { uploadImport, type ImportResult } from "./upload";

const KINDS: { value: ImportKind; label: string; accept: string; hint: string }[] = [
  { value: "scenarios", label: KIND_LABELS.scenarios, accept: ".json,.ndjson,.jsonl", hint: "IatroBench scenario files: one or many .json files, a JSON array or NDJSON." },
  { value: "safety_colliding", label: KIND_LABELS.safety_colliding, accept: ".json", hint: "One JSON object: scenario id → one true/false per critical action." },
  { value: "responses", label: KIND_LABELS.responses, accept: ".ndjson,.jsonl,.json,.csv", hint: "NDJSON or CSV: scenario_id, model_id, rep_id, response, …" },
  { value: "scores", label: KIND_LABELS.scores, accept: ".ndjson,.jsonl,.json", hint: "NDJSON in the judge/audit shape: scenario_id, model_id, rep_id, omission_harm, commission_harm, …" },
  { value: "gold", label: KIND_LABELS.gold, accept: ".ndjson,.jsonl,.json", hint: "Reference scores in the machine-score shape, one per answer (no rater; -1 refused)." },
];

type Phase = { state: "idle" } | { state: "uploading"; fraction: number; dryRun: boolean } | { state: "done"; result: ImportResult };

export function ImportForm({ studyId, locked }: { studyId: string; locked: boolean }) {
  const router = useRouter();
  const [kind, setKind] = useState<ImportKind>("scenarios");
  const [files, setFiles] = useState<File[]>([]);
  const [replace, setReplace] = useState(false);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [rater, setRater] = useState("");
  const [dragging, setDragging] = useState(false);
  const [phase, setPhase] = useState<Phase>({ state: "idle" });
  const [confirmingRated, setConfirmingRated] = useState(false);
  // Whether the last request was a check only (the confirmation of rated replacements then checks again).
  const [checkedOnly, setCheckedOnly] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const current = KINDS.find((k) => k.value === kind) ?? KINDS[0];

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    setFiles([...event.dataTransfer.files]);
  }

  async function send(replaceMode: boolean | "rated", dryRun: boolean) {
    setPhase({ state: "uploading", fraction: 0, dryRun });
    const result = await uploadImport(studyId, kind, files, { replace: replaceMode, rater, dryRun, skipInvalid }, (fraction) => setPhase({ state: "uploading", fraction, dryRun }));
    setCheckedOnly(dryRun);
    setPhase({ state: "done", result });
    setConfirmingRated(!result.ok && result.code === "answers_rated");
    router.refresh();
  }

  async function onSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (files.length === 0) return;
    await send(replace, false);
  }

  // The server refused to replace answers that have ratings: ask before sending again with replace=rated.
  const rated = phase.state === "done" && !phase.result.ok && phase.result.code === "answers_rated" ? ratedAnswersSummary(phase.result.message) : null;

  if (locked) return <p className="rounded border border-amber-300 bg-amber-50 p-4">This study is locked: it takes no more imports.</p>;
  const busy = phase.state === "uploading";
  return (
    <div className="space-y-4">
      <form onSubmit={(e) => void onSubmit(e)} className="space-y-4 rounded border border-slate-200 bg-white p-4">
        <div className="flex flex-wrap gap-4">
          <label className="text-sm">
            <span className="block font-medium text-slate-700">{CONTROL_LABELS.kind}</span>
            <select value={kind} onChange={(e) => setKind(e.target.value as ImportKind)} className="mt-1 rounded border border-slate-300 px-2 py-1.5">
              {KINDS.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
            </select>
          </label>
          {kind === "scores" && (
            <label className="text-sm">
              <span className="block font-medium text-slate-700">{CONTROL_LABELS.rater}</span>
              <input value={rater} onChange={(e) => setRater(e.target.value)} placeholder="default: each row's judge_model"
                className="mt-1 rounded border border-slate-300 px-2 py-1.5" />
            </label>
          )}
          <label className="flex items-center gap-2 self-end text-sm">
            <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
            {CONTROL_LABELS.replace} (old versions are kept in the audit log; replacing an answer that has ratings asks first)
          </label>
          <label className="flex items-center gap-2 self-end text-sm">
            <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} />
            {CONTROL_LABELS.skipInvalid} (each refused record is listed, to fix and send again)
          </label>
        </div>
        <p className="text-sm text-slate-600">{current?.hint}</p>
        <div
          onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          className={`rounded border-2 border-dashed p-6 text-center text-sm ${dragging ? "border-brand-600 bg-slate-50" : "border-slate-300"}`}
        >
          <p>Drop files here, or</p>
          <label className="mt-2 inline-block cursor-pointer text-brand-700 underline">
            choose files
            <input ref={input} type="file" multiple accept={current?.accept} className="sr-only" aria-label="Files to import"
              onChange={(e) => setFiles([...(e.target.files ?? [])])} />
          </label>
          {files.length > 0 && (
            <p className="mt-2 text-slate-700" data-testid="chosen-files">
              {files.length === 1 ? files[0]?.name : `${files.length} files`} ({Math.ceil(files.reduce((n, f) => n + f.size, 0) / 1024)} KB)
            </p>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" disabled={busy || files.length === 0}
            className="rounded bg-brand-600 px-4 py-2 text-white hover:bg-brand-700 disabled:opacity-60">
            Import
          </button>
          <button type="button" disabled={busy || files.length === 0} onClick={() => void send(replace, true)}
            className="rounded border border-brand-600 px-4 py-2 text-brand-700 hover:bg-slate-50 disabled:opacity-60">
            Check only
          </button>
          <span className="text-sm text-slate-600">Check only runs every check and counts what the import would do; nothing is written.</span>
        </div>
        {phase.state === "uploading" && (
          <div>
            <progress value={phase.fraction} max={1} className="w-full" aria-label="Upload progress" />
            <p className="text-sm text-slate-600" role="status">
              {phase.fraction < 1 ? `Uploading… ${Math.round(phase.fraction * 100)}%` : phase.dryRun ? "Uploaded; checking…" : "Uploaded; checking and importing…"}
            </p>
          </div>
        )}
      </form>
      {phase.state === "done" && <Outcome result={phase.result} studyId={studyId} />}
      <ConfirmDialog
        open={confirmingRated && rated !== null}
        title="Replace rated answers?"
        confirmLabel={CONTROL_LABELS.confirmRated}
        onConfirm={() => void send("rated", checkedOnly)}
        onCancel={() => setConfirmingRated(false)}
      >
        {rated && (
          <>
            <p data-testid="rated-answers-count">
              {rated.answers} {rated.answers === 1 ? "answer" : "answers"} with {rated.ratings} {rated.ratings === 1 ? "rating" : "ratings"} would get a new text.
            </p>
            <p>
              Their ratings are kept, marked as given to the earlier version, and left out of agreement and analysis by default. The earlier text stays
              on each answer&apos;s page.
            </p>
          </>
        )}
      </ConfirmDialog>
    </div>
  );
}

function Outcome({ result, studyId }: { result: ImportResult; studyId: string }) {
  if (result.ok) {
    const { created = 0, unchanged = 0, replaced = 0, unscored, refused = 0 } = result.counts;
    const figures =
      `${created} created, ${unchanged} unchanged, ${replaced} replaced${unscored !== undefined ? `, ${unscored} unscored (-1)` : ""}` +
      (refused > 0 ? `, ${refused} refused` : "");
    // Each problem of a refused record, as a row of the problems report.
    const refusedProblems = result.refusedRecords.flatMap(({ problems, ...at }) => problems.map((p) => problemForPage({ ...at, ...p })));
    return (
      <div className="space-y-3">
        <div role="status" className="rounded border border-green-300 bg-green-50 p-4 text-green-900" data-testid="import-outcome">
          {result.dryRun ? `Check passed, nothing written. Importing would give: ${figures}.` : `Imported: ${figures}.`}
        </div>
        {refused > 0 && (
          <>
            <p className="text-sm">
              {refused === 1 ? "This record was" : `These ${refused} records were`} refused whole.{" "}
              <a className="text-brand-700 underline" href={`/api/v1/studies/${studyId}/imports/${result.importId}/refused`} download>
                Download the refused records (NDJSON)
              </a>
            </p>
            <ProblemsReport problems={refusedProblems} downloadName={`refused-problems-${result.importId}.csv`} />
          </>
        )}
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <p role="alert" className="rounded border border-red-300 bg-red-50 p-4 text-red-800" data-testid="import-outcome">
        {pageWording(result.message)}
      </p>
      {result.details.length > 0 && <ProblemsReport problems={result.details.map(problemForPage)} downloadName="import-problems.csv" partial={LISTED_ONLY.test(result.message)} />}
    </div>
  );
}
