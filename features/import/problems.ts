import type { ZodError } from "zod";
import { AppError, type ErrorDetail } from "@/lib/errors";

const MAX_LISTED = 1000;

/** A problem found by a query over the staged rows. */
export interface Finding {
  file: string;
  line: number;
  record: number;
  pointer: string | null;
  message: string;
}

/**
 * Every problem found in an upload, so the person fixing the file sees all
 * of them at once (the first thousand are listed; all are counted).
 */
export class ImportProblems {
  private readonly listed: ErrorDetail[] = [];
  private total = 0;
  private conflicts = 0;

  add(detail: ErrorDetail, kind: "invalid" | "conflict" = "invalid"): void {
    this.total++;
    if (kind === "conflict") this.conflicts++;
    if (this.listed.length < MAX_LISTED) this.listed.push(detail);
  }

  addZod(where: Omit<ErrorDetail, "message">, error: ZodError, prefix = "", named: (message: string) => string = (m) => m): void {
    for (const issue of error.issues) {
      const field = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
      this.add({ ...where, ...(field ? { field } : {}), message: named(issue.message) });
    }
  }

  /** Findings of the set-wise checks in SQL, one problem each. */
  addFindings(findings: Finding[], field: string | undefined, kind: "invalid" | "conflict" = "invalid"): void {
    for (const f of findings) {
      this.add(
        { file: f.file, line: f.line, record: f.record, ...(f.pointer ? { pointer: f.pointer } : {}), ...(field ? { field } : {}), message: f.message },
        kind,
      );
    }
  }

  get any(): boolean {
    return this.total > 0;
  }

  get details(): ErrorDetail[] {
    return this.listed;
  }

  /** 409 when every problem is a conflict with stored rows, else 422. */
  toError(): AppError {
    const count = `${this.total} problem${this.total === 1 ? "" : "s"}`;
    const listed = this.total > this.listed.length ? ` The first ${this.listed.length} are listed.` : "";
    if (this.conflicts === this.total) {
      return new AppError(
        "conflict",
        `The upload conflicts with stored data in ${count}; nothing was imported. Send replace=true to replace the stored versions.${listed}`,
        this.listed,
      );
    }
    return new AppError("invalid", `The upload has ${count}; nothing was imported.${listed}`, this.listed);
  }
}
