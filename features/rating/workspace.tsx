"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import type { ClaimedItem } from "./claim";
import { ItemRater, type ItemOutcome } from "./item-rater";
import { readError } from "./requests";
import { SkipUndo, useUndoableSkip } from "./skip-undo";

type Phase = { state: "loading" } | { state: "rating"; item: ClaimedItem; undone?: boolean } | { state: "done" } | { state: "locked"; message: string } | { state: "error"; message: string };

/** Claims (or resumes) the rater's next answer of the queue: what the workspace shows next. */
async function claimNext(queueId: string): Promise<Phase> {
  const response = await fetch(`/api/v1/queues/${queueId}/next`, { method: "POST" }).catch(() => null);
  if (!response) return { state: "error", message: "The server cannot be reached." };
  if (response.status === 204) return { state: "done" };
  if (response.ok) return { state: "rating", item: (await response.json()) as ClaimedItem };
  const refusal = await readError(response);
  return { state: refusal.code === "study_locked" ? "locked" : "error", message: refusal.message };
}

/**
 * The rater's walk through a queue: claim an answer, rate or skip it, claim the next, until none is left.
 * `progress` ("7 of 25 left for you") is counted on the server and shown beside the form.
 */
export function RatingWorkspace({ queueId, userId, progress }: { queueId: string; userId: string; progress?: string }) {
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ state: "loading" });
  const [notice, setNotice] = useState<string | null>(null);
  // The last skip, undoable until the rater's next rating.
  const [undoable, setUndoable] = useUndoableSkip(queueId, userId);
  // Each finished answer asks for the next one.
  const [claims, setClaims] = useState(0);

  useEffect(() => {
    let current = true;
    void claimNext(queueId).then((next) => {
      if (current) setPhase(next);
    });
    return () => {
      current = false;
    };
  }, [queueId, claims]);

  const claimAgain = useCallback(() => {
    setPhase({ state: "loading" });
    setClaims((n) => n + 1);
  }, []);
  const onDone = useCallback(
    (message: string, outcome?: ItemOutcome) => {
      setNotice(message);
      if (outcome && "skipped" in outcome) setUndoable(outcome.skipped);
      else if (outcome) setUndoable(null);
      claimAgain();
      // The page's progress line ("n rated, m skipped · …") is counted on the server: ask for it again.
      router.refresh();
    },
    [claimAgain, router, setUndoable],
  );

  const onUndone = (item: ClaimedItem) => {
    setUndoable(null);
    setNotice(`Skip of ${item.blindCode} undone.`);
    // The Undo button goes away: the focus moves to the answer's form (the outcome line announces the undo).
    setPhase({ state: "rating", item, undone: true });
    router.refresh();
  };
  const undo = undoable && <SkipUndo key={undoable.assignmentId} skip={undoable} onUndone={onUndone} />;

  const myRatings = (
    <Link href={`/queues/${queueId}/ratings`} className="text-sm underline">
      My ratings in this queue
    </Link>
  );
  if (phase.state === "loading") return <p role="status">Finding your next answer…</p>;
  if (phase.state === "locked") {
    return (
      <div role="status" data-testid="study-locked" className="space-y-2 rounded border border-amber-300 bg-amber-50 p-4 text-amber-900">
        <p>{phase.message}</p>
        {myRatings}
      </div>
    );
  }
  if (phase.state === "error") {
    return (
      <div role="alert" className="space-y-2 rounded border border-red-300 bg-red-50 p-4 text-red-800">
        <p>{phase.message}</p>
        <button type="button" onClick={claimAgain} className="rounded border border-red-300 bg-white px-3 py-1 text-sm">Try again</button>
      </div>
    );
  }
  if (phase.state === "done") {
    return (
      <div role="status" data-testid="queue-done" className="space-y-2 rounded border border-green-300 bg-green-50 p-6 text-green-900">
        {notice && <p>{notice} {undo}</p>}
        <p>You have rated everything this queue holds for you. Thank you!</p>
        {myRatings}
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between">
        <p className="text-sm text-slate-700"><span role="status" data-testid="last-outcome">{notice}</span> {undo}</p>
        {myRatings}
      </div>
      <ItemRater key={phase.item.assignmentId} item={phase.item} mode="claim" progress={progress} onDone={onDone} focusOnOpen={phase.undone} />
    </div>
  );
}
