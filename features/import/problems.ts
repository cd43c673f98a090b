import type { ZodError } from "zod";
import { AppError, type ErrorDetail } from "@/lib/errors";

const MAX_LISTED = 1000;

/** How a refusal says it lists only the first of its problems (the Import page reads it back, LISTED_ONLY). */
const listedOnly = (listed: number) => `The first ${listed} are listed.`;
export const LISTED_ONLY = /The first \d+ are listed\./;

/** A problem found by a query over the staged rows. */
export interface Finding {
  file: string;
  line: number;
  record: number;
  pointer: string | null;
  message: string;
}

/** A record refused whole with ?invalid=skip: where it stands and every problem it has. */
export interface RefusedRecord {
  file: string;
  line: number;
  record: number;
  pointer?: string;
  problems: { field?: string; message: string }[];
}

/** Problems kept per refused record (the count says when there were more). */
const MAX_PROBLEMS_PER_RECORD = 50;

/**
 * Every problem found in an upload, so the person fixing the file sees all
 * of them at once (the first thousand are listed; all are counted). Each
 * problem of a record is also kept under that record, so that with
 * ?invalid=skip the records with problems are refused whole and the rest
 * imported; a problem of no record (the file as a whole) still refuses the upload.
 */
export class ImportProblems {
  private readonly listed: ErrorDetail[] = [];
  private total = 0;
  private conflicts = 0;
  private outsideRecords = 0;
  private readonly byRecord = new Map<string, RefusedRecord>();

  /** `keepRecords`: keep each record's problems (needed with ?invalid=skip only, so memory stays flat without it). */
  constructor(private readonly keepRecords = true) {}

  add(detail: ErrorDetail, kind: "invalid" | "conflict" = "invalid"): void {
    this.total++;
    if (kind === "conflict") this.conflicts++;
    if (this.listed.length < MAX_LISTED) this.listed.push(detail);
    if (detail.record === undefined || detail.file === undefined) {
      this.outsideRecords++;
      return;
    }
    if (!this.keepRecords) return;
    const key = recordKey(detail.file, detail.record);
    let refused = this.byRecord.get(key);
    if (!refused) {
      refused = { file: detail.file, line: detail.line ?? 0, record: detail.record, ...(detail.pointer ? { pointer: detail.pointer } : {}), problems: [] };
      this.byRecord.set(key, refused);
    }
    if (refused.problems.length < MAX_PROBLEMS_PER_RECORD) refused.problems.push({ ...(detail.field ? { field: detail.field } : {}), message: detail.message });
  }

  /** Whether the record has a problem (it is then refused whole). */
  has(at: { file: string; record: number }): boolean {
    return this.byRecord.has(recordKey(at.file, at.record));
  }

  /** The records with problems, in file order. */
  get refusedRecords(): RefusedRecord[] {
    return [...this.byRecord.values()].sort((a, b) => (a.file === b.file ? a.record - b.record : a.file < b.file ? -1 : 1));
  }

  /** Whether the upload must be refused: any problem by default; with `skipInvalid` only a problem of no record. */
  blocks(skipInvalid: boolean): boolean {
    return skipInvalid ? this.outsideRecords > 0 : this.total > 0;
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
    const listed = this.total > this.listed.length ? ` ${listedOnly(this.listed.length)}` : "";
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

const recordKey = (file: string, record: number) => `${record}\u0000${file}`;
