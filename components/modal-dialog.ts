"use client";

import { useEffect, useId, useRef } from "react";

/**
 * A native <dialog> shown as a modal while `open` is true: the ref for the
 * dialog and the id its title carries (for aria-labelledby). The dialog's
 * onCancel (Escape) should prevent the default and close through state, so
 * `open` stays the one source of truth.
 */
export function useModalDialog(open: boolean) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return { dialogRef, titleId };
}
