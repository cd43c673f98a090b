"use client";

import type { ReactNode } from "react";
import { useModalDialog } from "@/components/modal-dialog";

/**
 * A modal that shows something to read (the shortcuts, the codebook) over
 * the form. Escape or Close closes it and focus returns where it was.
 */
export function InfoDialog({ open, title, onClose, children, testId }: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}) {
  const { dialogRef, titleId } = useModalDialog(open);

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className="m-auto max-h-[85vh] w-[min(42rem,calc(100vw-2rem))] overflow-y-auto rounded border border-slate-300 p-5 shadow-lg backdrop:bg-slate-900/40"
    >
      <div className="flex items-start justify-between gap-4">
        <h2 id={titleId} className="text-lg font-semibold text-slate-900">{title}</h2>
        <button type="button" autoFocus onClick={onClose} className="min-h-6 rounded border border-slate-300 px-3 py-1 text-sm">
          Close
        </button>
      </div>
      <div className="mt-3 text-sm text-slate-800">{children}</div>
    </dialog>
  );
}
