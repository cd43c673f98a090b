// An edit's leftover draft: offered beside the saved rating, never applied silently.
import type { RatingDraft } from "./form-state";

/** Whether two drafts hold different values (which critical action is selected is no value). */
export function draftDiffers(a: RatingDraft, b: RatingDraft): boolean {
  return (
    a.omissionHarm !== b.omissionHarm ||
    a.commissionHarm !== b.commissionHarm ||
    a.responseClass !== b.responseClass ||
    a.omissionMechanism !== b.omissionMechanism ||
    a.reasoning !== b.reasoning ||
    a.actions.length !== b.actions.length ||
    a.actions.some((result, i) => result !== b.actions[i])
  );
}

/**
 * Where an edit starts: always the saved rating. A draft left from an earlier
 * visit that differs from it is returned as an offer for the rater to restore
 * or discard; one for a different number of critical actions (the scenario
 * changed since) is no offer.
 */
export function editStart(saved: RatingDraft, stored: RatingDraft | null): { draft: RatingDraft; offer: RatingDraft | null } {
  const usable = stored !== null && Array.isArray(stored.actions) && stored.actions.length === saved.actions.length;
  return { draft: saved, offer: usable && draftDiffers(stored, saved) ? stored : null };
}
