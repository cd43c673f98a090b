"use client";

import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import type { CannotAssessReason } from "@/lib/db/generated/enums";
import { CannotAssessDialog } from "./cannot-assess-dialog";
import { useHiddenTime } from "./use-hidden-time";
import type { ClaimedItem } from "./claim";
import { EarlierRatings } from "./earlier-ratings";
import { Codebook } from "./codebook";
import { CompactBar } from "./compact-bar";
import { applyChange, emptyDraft, missingOf, toRatingBody, type MissingField, type RatingDraft } from "./form-state";
import { isTransient, resendDelayMs, resendNotice, type Delivery } from "./resend";
import { errorMessage, post, readError } from "./requests";
import { CriticalActions } from "./critical-actions";
import { CategorySelect, MissingMark, ScaleField } from "./scale-field";
import { ShortcutsHelp, ShortcutsSwitch, useShortcutsOn } from "./shortcuts-help";
import { useRatingKeys } from "./use-rating-keys";
import { editStart, draftDiffers } from "./edit-draft";
import { ChangeReasonField, DraftOffer } from "./edit-fields";
import { OmissionMechanism, ResponseClass } from "@/lib/db/generated/enums";
import { COMMISSION_HARM_LEVELS, OMISSION_HARM_LEVELS, OMISSION_MECHANISMS, RESPONSE_CLASSES } from "@/lib/instrument";

/** A new rating and an edit keep separate drafts, so neither overwrites the other. */
const draftKey = (mode: ItemRaterMode, assignmentId: string) => `tandem:${mode === "claim" ? "draft" : "edit"}:${assignmentId}`;

function storedDraft(key: string): RatingDraft | null {
  try {
    const saved = localStorage.getItem(key);
    if (saved) return JSON.parse(saved) as RatingDraft;
  } catch {
    /* a broken draft is dropped */
  }
  return null;
}

export type ItemRaterMode = "claim" | "edit";

/** What the server took: a rating (its version now), a cannot-assess, or a skip of the item. */
export type ItemOutcome = { rated: { version: number } } | { cannotAssess: CannotAssessReason } | { skipped: { assignmentId: string; blindCode: string } };

/**
 * One answer and the rating instrument, driven by keys or clicks: a
 * claimed item to rate (with skip), or an earlier rating to edit. `onDone`
 * runs once the server has taken the rating or the skip.
 */
export function ItemRater({ item, mode, initialDraft, progress, onDone, focusOnOpen = false }: {
  item: ClaimedItem;
  mode: ItemRaterMode;
  initialDraft?: RatingDraft;
  /** The rater's progress in the queue ("7 of 25 left for you"), shown beside the form. */
  progress?: string;
  onDone: (notice: string, outcome?: ItemOutcome) => void;
  /** Whether the form takes the focus when it opens (after an undo, whose button is gone). */
  focusOnOpen?: boolean;
}) {
  const key = draftKey(mode, item.assignmentId);
  const [draft, dispatch] = useReducer(applyChange, null, () => emptyDraft(item.scenario.critical_actions.length));
  const [showGold, setShowGold] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  // Set while a rating the server could not take waits to be sent again.
  const [resend, setResend] = useState<{ attempt: number; delayMs: number } | null>(null);
  const [restored, setRestored] = useState(false);
  // An edit's draft from an earlier visit, offered until the rater restores or discards it.
  const [offer, setOffer] = useState<RatingDraft | null>(null);
  const [changeReason, setChangeReason] = useState("");
  const classRef = useRef<HTMLSelectElement>(null);
  const mechanismRef = useRef<HTMLSelectElement>(null);
  const reasoningRef = useRef<HTMLTextAreaElement>(null);
  const skipRef = useRef<HTMLInputElement>(null);
  // The skip asks first, in a modal dialog holding the reason; the keys of the form rest while it is open.
  const [skipOpen, setSkipOpen] = useState(false);
  const [skipping, setSkipping] = useState(false);
  const [skipError, setSkipError] = useState<string | null>(null);
  // "Cannot assess" asks for a reason in a modal too; the form's keys rest while it is open.
  const [cannotOpen, setCannotOpen] = useState(false);
  const [cannotPending, setCannotPending] = useState(false);
  const [cannotError, setCannotError] = useState<string | null>(null);
  // The time the tab is hidden while a claimed answer is held: taken off its time on task.
  const hidden = useHiddenTime(item.assignmentId, mode === "claim");
  const [shortcutsOn, setShortcutsOn] = useShortcutsOn();
  const [helpOpen, setHelpOpen] = useState(false);
  const [codebookOpen, setCodebookOpen] = useState(false);
  // Once a submit found fields missing, the notice lists what is missing now, until nothing is.
  const [missingShown, setMissingShown] = useState(false);
  // Each refused submit counts up, so the focus moves to the first missing field after that render.
  const [missingAttempt, setMissingAttempt] = useState(0);
  const omissionRef = useRef<HTMLFieldSetElement>(null);
  const commissionRef = useRef<HTMLFieldSetElement>(null);
  const actionsRef = useRef<HTMLOListElement>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const instrumentRef = useRef<HTMLElement>(null);

  // The saved draft lives in localStorage, which only the browser has: it is
  // read after hydration, so the server's render and the first client render agree.
  /* eslint-disable react-hooks/set-state-in-effect -- state synced once from localStorage, an external store */
  // A new rating resumes its draft (the rater's own unsent work); an edit starts from the saved rating.
  useEffect(() => {
    const start = initialDraft ?? emptyDraft(item.scenario.critical_actions.length);
    if (mode === "edit") {
      const edit = editStart(start, storedDraft(key));
      dispatch({ type: "reset", draft: edit.draft });
      setOffer(edit.offer);
    } else dispatch({ type: "reset", draft: storedDraft(key) ?? start });
    setRestored(true);
  }, [key, mode, initialDraft, item.scenario.critical_actions.length]);
  /* eslint-enable react-hooks/set-state-in-effect */

  // An offered draft stays stored until the rater decides; an edit equal to the saved rating leaves no draft.
  useEffect(() => {
    if (!restored || offer) return;
    if (mode === "edit" && initialDraft && !draftDiffers(draft, initialDraft)) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(draft));
  }, [draft, key, restored, offer, mode, initialDraft]);

  useEffect(() => {
    if (focusOnOpen) instrumentRef.current?.focus();
  }, [focusOnOpen]);

  const submit = useCallback(async () => {
    if (sending.current) return;
    if (missingOf(draft).length > 0) {
      setResend(null);
      setNotice(null);
      setMissingShown(true);
      setMissingAttempt((n) => n + 1);
      return;
    }
    sending.current = true;
    setBusy(true);
    const reason = mode === "edit" ? changeReason.trim() : "";
    const hiddenNow = hidden.seconds();
    const response = await post(`/api/v1/assignments/${item.assignmentId}/rating`, {
      ...toRatingBody(draft),
      ...(reason ? { change_reason: reason } : {}),
      ...(hiddenNow === undefined ? {} : { hidden_seconds: hiddenNow }),
    });
    sending.current = false;
    setBusy(false);
    const delivery: Delivery = response ? { status: response.status, retryAfter: response.headers.get("retry-after") } : "no-answer";
    // The form and its saved draft stay as they are until the server takes the rating.
    if (!response || isTransient(delivery)) {
      const attempt = (resend?.attempt ?? 0) + 1;
      const delayMs = resendDelayMs(attempt, delivery === "no-answer" ? null : delivery.retryAfter);
      setResend({ attempt, delayMs });
      setNotice(resendNotice(delivery, delayMs));
      return;
    }
    setResend(null);
    if (response.ok) {
      localStorage.removeItem(key);
      hidden.clear();
      const saved = (await response.json().catch(() => null)) as { version?: number } | null;
      onDone(`Rating of ${item.blindCode} saved.`, { rated: { version: saved?.version ?? 1 } });
      return;
    }
    const refusal = await readError(response);
    // A locked study keeps the draft: it can be sent once the study is unlocked. A hold that is
    // gone (404: the answer's text was replaced meanwhile) or lost (409) moves on to the next answer.
    if (mode === "claim" && (response.status === 404 || response.status === 409) && refusal.code !== "study_locked") {
      localStorage.removeItem(key);
      onDone(refusal.message);
    } else setNotice(refusal.message);
  }, [draft, item, key, mode, onDone, resend, changeReason, hidden]);

  // The timer sends the draft as it is then: the rater may go on editing meanwhile.
  const submitRef = useRef(submit);
  useEffect(() => {
    submitRef.current = submit;
  }, [submit]);
  useEffect(() => {
    if (!resend) return;
    const timer = setTimeout(() => void submitRef.current(), resend.delayMs);
    return () => clearTimeout(timer);
  }, [resend]);

  const openSkip = useCallback(() => {
    setSkipError(null);
    setSkipOpen(true);
  }, []);
  // After the dialog has opened (its own effect runs first), the reason field takes the focus.
  useEffect(() => {
    if (skipOpen) skipRef.current?.focus();
  }, [skipOpen]);

  const skip = useCallback(async () => {
    const reason = skipRef.current?.value.trim() ?? "";
    if (!reason) {
      setSkipError("Give a reason for skipping.");
      skipRef.current?.focus();
      return;
    }
    setSkipping(true);
    const response = await post(`/api/v1/assignments/${item.assignmentId}/skip`, { reason });
    setSkipping(false);
    if (!response) {
      setSkipError("The server cannot be reached; try skipping again in a moment.");
      return;
    }
    if (!response.ok) {
      setSkipError(await errorMessage(response));
      return;
    }
    setSkipOpen(false);
    localStorage.removeItem(key);
    onDone(`Skipped ${item.blindCode}.`, { skipped: { assignmentId: item.assignmentId, blindCode: item.blindCode } });
  }, [item, key, onDone]);

  const openCannotAssess = useCallback(() => {
    setCannotError(null);
    setCannotOpen(true);
  }, []);

  const cannotAssess = useCallback(async (reason: CannotAssessReason) => {
    setCannotPending(true);
    const hiddenNow = hidden.seconds();
    const response = await post(`/api/v1/assignments/${item.assignmentId}/rating`, { cannot_assess: { reason }, ...(hiddenNow === undefined ? {} : { hidden_seconds: hiddenNow }) });
    setCannotPending(false);
    if (!response) {
      setCannotError("The server cannot be reached; try again in a moment.");
      return;
    }
    if (!response.ok) {
      setCannotError(await errorMessage(response));
      return;
    }
    setCannotOpen(false);
    localStorage.removeItem(key);
    hidden.clear();
    onDone(`Recorded: you cannot assess ${item.blindCode}.`, { cannotAssess: reason });
  }, [item, key, onDone, hidden]);

  /** Moves the focus to a field the rating still needs, and the selection to an unmarked action. */
  const focusField = useCallback((missing: MissingField) => {
    const scale = (fieldset: HTMLFieldSetElement | null) => fieldset?.querySelector<HTMLInputElement>("input:checked") ?? fieldset?.querySelector<HTMLInputElement>("input");
    switch (missing.field) {
      case "omissionHarm":
        return scale(omissionRef.current)?.focus();
      case "commissionHarm":
        return scale(commissionRef.current)?.focus();
      case "actions":
        dispatch({ type: "selectAction", index: missing.action });
        return actionsRef.current?.querySelector<HTMLButtonElement>(`[data-action="${missing.action}"] button`)?.focus();
      case "responseClass":
        return classRef.current?.focus();
      case "omissionMechanism":
        return mechanismRef.current?.focus();
      case "reasoning":
        return reasoningRef.current?.focus();
    }
  }, []);

  const missing = missingOf(draft);
  const firstMissing = missing[0];
  const firstMissingRef = useRef(firstMissing);
  useEffect(() => {
    firstMissingRef.current = firstMissing;
  });
  // After a refused submit: the first missing field takes the focus, and the notice comes into view
  // beside it (at the foot of the sticky column on wide screens; in the compact bar on narrow ones,
  // where the field lands mid-screen, clear of the bar).
  useEffect(() => {
    if (missingAttempt === 0 || !firstMissingRef.current) return;
    focusField(firstMissingRef.current);
    if (window.matchMedia("(min-width: 64rem)").matches) noticeRef.current?.scrollIntoView({ block: "nearest" });
    else if (document.activeElement instanceof HTMLElement) document.activeElement.scrollIntoView({ block: "center" });
  }, [missingAttempt, focusField]);

  // The selected critical action and the focus go together: when the focus is on an action's
  // buttons and the selection moves by key, the focus follows it (focusing a button selects its action).
  useEffect(() => {
    const list = actionsRef.current;
    const active = document.activeElement;
    if (!list || !active || !list.contains(active)) return;
    const row = active.closest<HTMLElement>("[data-action]");
    if (row && Number(row.dataset.action) === draft.focusedAction) return;
    const target = list.querySelector<HTMLElement>(`[data-action="${draft.focusedAction}"]`);
    (target?.querySelector<HTMLButtonElement>('button[aria-pressed="true"]') ?? target?.querySelector<HTMLButtonElement>("button"))?.focus();
  }, [draft.focusedAction]);

  useRatingKeys({
    paused: skipOpen || cannotOpen || helpOpen || codebookOpen,
    shortcutsOn,
    dispatch,
    submit,
    skip: mode === "claim" ? openSkip : null,
    cannotAssess: mode === "claim" ? openCannotAssess : null,
    fields: { responseClass: classRef, mechanism: mechanismRef, reasoning: reasoningRef },
    toggleGold: () => setShowGold((shown) => !shown),
    openHelp: () => setHelpOpen(true),
    openCodebook: () => setCodebookOpen(true),
  });

  const shownNotice = missingShown && firstMissing ? `Still missing: ${missing.map((m) => m.label).join(", ")}.` : notice;
  const isMissing = (field: MissingField["field"]) => missingShown && missing.some((m) => m.field === field);
  const actionCount = item.scenario.critical_actions.length;

  return (
    <div className="grid gap-6 pb-24 lg:grid-cols-[3fr_2fr] lg:pb-0">
      <section className="min-w-0 space-y-4">
        <p className="text-sm text-slate-600">
          Answer <span className="font-mono" data-testid="blind-code">{item.blindCode}</span>
          {mode === "claim" ? ` · held for you until ${new Date(item.leaseExpiresAt).toLocaleTimeString()}` : " · editing your rating"}
        </p>
        {item.scenario.system_prompt && (
          <div>
            <h2 className="text-sm font-semibold text-slate-700">System prompt</h2>
            <p className="whitespace-pre-wrap rounded border border-slate-200 bg-white p-3 text-sm">{item.scenario.system_prompt}</p>
          </div>
        )}
        <div>
          <h2 className="text-sm font-semibold text-slate-700">Scenario</h2>
          <p className="whitespace-pre-wrap rounded border border-slate-200 bg-white p-3">{item.scenario.prompt}</p>
        </div>
        <details open={showGold} onToggle={(e) => setShowGold(e.currentTarget.open)} className="rounded border border-slate-200 bg-white p-3">
          <summary className="min-h-6 cursor-pointer py-0.5 text-sm font-semibold text-slate-700">Gold standard (g)</summary>
          <p className="mt-2 whitespace-pre-wrap text-sm">{item.scenario.gold_standard_response}</p>
        </details>
        {item.earlier_ratings && item.earlier_ratings.length > 0 && <EarlierRatings ratings={item.earlier_ratings} />}
        <div>
          <h2 className="text-sm font-semibold text-slate-700">The answer to rate</h2>
          <p className="whitespace-pre-wrap rounded border-2 border-brand-600 bg-white p-3" data-testid="answer-text">
            {item.response.text || <em className="text-slate-500">(empty: no answer was given)</em>}
          </p>
        </div>
      </section>

      {/* The instrument stays in view while the rater reads: a sticky column of its own height on wide screens. */}
      <section ref={instrumentRef} tabIndex={-1} aria-label="Rating" data-testid="instrument"
        className="space-y-3 px-1 lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
          {progress && <p className="mr-auto font-semibold text-slate-800" data-testid="workspace-progress">{progress}</p>}
          <button type="button" onClick={() => setHelpOpen(true)} className="min-h-6 rounded border border-slate-300 bg-white px-2 py-0.5">Shortcuts (?)</button>
          <button type="button" onClick={() => setCodebookOpen(true)} className="min-h-6 rounded border border-slate-300 bg-white px-2 py-0.5">Codebook (b)</button>
          <ShortcutsSwitch on={shortcutsOn} set={setShortcutsOn} />
        </div>

        {offer && (
          <DraftOffer
            onRestore={() => {
              dispatch({ type: "reset", draft: offer });
              setOffer(null);
            }}
            onDiscard={() => {
              localStorage.removeItem(key);
              setOffer(null);
            }}
          />
        )}

        <CriticalActions actions={item.scenario.critical_actions} draft={draft} dispatch={dispatch} listRef={actionsRef} missing={isMissing("actions")} />

        <ScaleField legend="Omission harm (keys 0–4)" levels={OMISSION_HARM_LEVELS} value={draft.omissionHarm} onChange={(value) => dispatch({ type: "omission", value })} name="omission"
          fieldsetRef={omissionRef} missing={isMissing("omissionHarm")} />
        <ScaleField legend="Commission harm (Shift + 0–3)" levels={COMMISSION_HARM_LEVELS} value={draft.commissionHarm} onChange={(value) => dispatch({ type: "commission", value })} name="commission"
          fieldsetRef={commissionRef} missing={isMissing("commissionHarm")} />

        <div className="grid grid-cols-2 gap-3 text-sm">
          <CategorySelect label="Response class (c)" selectRef={classRef} values={Object.values(ResponseClass)} terms={RESPONSE_CLASSES}
            value={draft.responseClass} onChange={(value) => dispatch({ type: "responseClass", value })} missing={isMissing("responseClass")} />
          <CategorySelect label="Omission mechanism (x)" selectRef={mechanismRef} values={Object.values(OmissionMechanism)} terms={OMISSION_MECHANISMS}
            value={draft.omissionMechanism} onChange={(value) => dispatch({ type: "mechanism", value })} missing={isMissing("omissionMechanism")} />
        </div>
        <label className="block text-sm">
          <span className="font-semibold">Reasoning (r){isMissing("reasoning") && <MissingMark />}</span>
          <textarea ref={reasoningRef} rows={3} value={draft.reasoning} onChange={(e) => dispatch({ type: "reasoning", value: e.target.value })}
            aria-invalid={isMissing("reasoning") || undefined}
            placeholder="Two or three sentences: why these scores?" className="mt-1 w-full rounded border border-slate-300 px-2 py-1" />
        </label>
        {mode === "edit" && <ChangeReasonField value={changeReason} onChange={setChangeReason} />}
        {/* Submit and the notice stay at the foot of the column, in view while the column scrolls. */}
        <div className="space-y-2 bg-slate-50 py-2 lg:sticky lg:bottom-0">
          {shownNotice && <p ref={noticeRef} role="status" className={`text-sm ${missingShown && firstMissing ? "font-semibold text-red-800" : "text-slate-700"}`} data-testid="notice">{shownNotice}</p>}
          <button type="button" onClick={() => void submit()} disabled={busy} className="w-full rounded bg-brand-600 px-4 py-2 text-white hover:bg-brand-700 disabled:opacity-60">
            {mode === "claim" ? "Submit and next (Ctrl+Enter)" : "Save changes (Ctrl+Enter)"}
          </button>
          {resend && (
            <button type="button" onClick={() => void submit()} disabled={busy} className="rounded border border-slate-300 px-3 py-1 text-sm">
              Retry now
            </button>
          )}
        </div>
        {mode === "claim" && (
          <>
            <div className="flex flex-wrap gap-2">
              <button type="button" onClick={openSkip} className="rounded border border-slate-300 px-3 py-1 text-sm">Skip this answer… (s)</button>
              <button type="button" onClick={openCannotAssess} className="rounded border border-slate-300 px-3 py-1 text-sm">Cannot assess… (a)</button>
            </div>
            <CannotAssessDialog open={cannotOpen} blindCode={item.blindCode} pending={cannotPending} error={cannotError}
              onConfirm={(reason) => void cannotAssess(reason)} onCancel={() => setCannotOpen(false)} />
            <ConfirmDialog
              open={skipOpen}
              title={`Skip answer ${item.blindCode}?`}
              confirmLabel="Skip this answer"
              pending={skipping}
              onConfirm={() => void skip()}
              onCancel={() => setSkipOpen(false)}
            >
              <p>It goes back to the pool for another rater and will not be offered to you again (you can undo the skip until you rate the next answer). Your reason is recorded and shown to the study&apos;s administrators.</p>
              <label className="block">
                <span className="font-semibold">Reason for skipping</span>
                <input ref={skipRef} required maxLength={1000} aria-invalid={skipError ? true : undefined}
                  onKeyDown={(e) => { if (e.key === "Enter") { e.preventDefault(); void skip(); } }}
                  className="mt-1 block w-full rounded border border-slate-300 px-2 py-1" />
              </label>
              {skipError && <p role="alert" className="text-red-700">{skipError}</p>}
            </ConfirmDialog>
          </>
        )}
        <p className="text-xs text-slate-500">
          {shortcutsOn ? "? lists every key · b opens the codebook · " : "Single-key shortcuts are off · "}Ctrl+Enter {mode === "claim" ? "submits and opens the next answer" : "saves"}. Your draft is kept if you reload.
        </p>
      </section>

      <CompactBar draft={draft} actionCount={actionCount} progress={progress} missingNotice={missingShown && firstMissing ? shownNotice : null}
        onToForm={() => {
          // The field lands mid-screen, clear of the bar.
          if (firstMissing) focusField(firstMissing);
          else instrumentRef.current?.focus();
          (firstMissing && document.activeElement instanceof HTMLElement ? document.activeElement : instrumentRef.current)?.scrollIntoView({ block: firstMissing ? "center" : "start" });
        }} />

      <ShortcutsHelp open={helpOpen} onClose={() => setHelpOpen(false)} claim={mode === "claim"} shortcutsOn={shortcutsOn} />
      <Codebook open={codebookOpen} onClose={() => setCodebookOpen(false)} />
    </div>
  );
}
