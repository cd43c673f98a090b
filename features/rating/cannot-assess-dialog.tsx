"use client";

import { useEffect, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { CannotAssessReason } from "@/lib/db/generated/enums";
import { CANNOT_ASSESS_REASONS } from "@/lib/instrument";

/**
 * "Cannot assess this answer?": the three reasons as a radio group (the first
 * takes the focus; ↑/↓ choose; Enter records), then the rater's next answer.
 * Escape or Cancel closes it without recording anything.
 */
export function CannotAssessDialog({ open, blindCode, pending, error, onConfirm, onCancel }: {
  open: boolean;
  blindCode: string;
  pending: boolean;
  error: string | null;
  onConfirm: (reason: CannotAssessReason) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState<CannotAssessReason | null>(null);
  const [missing, setMissing] = useState(false);
  const firstRef = useRef<HTMLInputElement>(null);
  // After the dialog has opened (its own effect runs first), the first reason takes the focus.
  useEffect(() => {
    if (open) firstRef.current?.focus();
  }, [open]);

  const confirm = (chosen: CannotAssessReason | null) => {
    if (!chosen) {
      setMissing(true);
      firstRef.current?.focus();
      return;
    }
    onConfirm(chosen);
  };

  return (
    <ConfirmDialog open={open} title={`Cannot assess answer ${blindCode}?`} confirmLabel="Record: cannot assess" pending={pending} onConfirm={() => confirm(reason)} onCancel={onCancel}>
      <p>No rating is recorded. The answer goes back to the pool for another physician and is not offered to you again.</p>
      <fieldset aria-invalid={missing || undefined}>
        <legend className="font-semibold">Why can you not assess it?</legend>
        {Object.values(CannotAssessReason).map((value, i) => (
          <label key={value} className="mt-1 flex items-start gap-2">
            <input
              ref={i === 0 ? firstRef : undefined}
              type="radio"
              name="cannot-assess-reason"
              value={value}
              checked={reason === value}
              onChange={() => {
                setReason(value);
                setMissing(false);
              }}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  confirm(value);
                }
              }}
              className="mt-1"
            />
            <span>
              <span className="font-medium">{CANNOT_ASSESS_REASONS[value].label}</span>
              <span className="block text-slate-600">{CANNOT_ASSESS_REASONS[value].definition}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {missing && <p role="alert" className="text-red-700">Choose a reason.</p>}
      {error && <p role="alert" className="text-red-700">{error}</p>}
    </ConfirmDialog>
  );
}
