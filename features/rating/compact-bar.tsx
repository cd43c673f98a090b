import type { RatingDraft } from "./form-state";

/**
 * On narrow screens the form comes after the answer: this bar, fixed at the
 * foot of the screen, keeps the scores, the progress, what a refused submit
 * found missing and the way to the form in view.
 */
export function CompactBar({ draft, actionCount, progress, missingNotice, onToForm }: {
  draft: RatingDraft;
  actionCount: number;
  progress?: string;
  /** "Still missing: …" after a refused submit, until nothing is. */
  missingNotice: string | null;
  onToForm: () => void;
}) {
  return (
    <div className="fixed inset-x-0 bottom-0 z-10 border-t border-slate-300 bg-white px-4 py-2 shadow-md lg:hidden" data-testid="compact-bar">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-3 text-sm">
        <div>
          <p>
            OH {draft.omissionHarm ?? "–"} · CH {draft.commissionHarm ?? "–"} · actions {draft.actions.filter((a) => a !== null).length}/{actionCount}
            {progress ? ` · ${progress}` : ""}
          </p>
          {missingNotice && <p className="font-semibold text-red-800">{missingNotice}</p>}
        </div>
        <button type="button" className="min-h-8 rounded bg-brand-600 px-3 text-white" onClick={onToForm}>
          To the rating form
        </button>
      </div>
    </div>
  );
}
